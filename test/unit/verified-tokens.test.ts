// A verified token is reused for a short while (no second signature check), never past its own exp or the
// maximum age, and only after it passed every check.

import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLocalJWKSet, type JWTVerifyGetKey } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DevIssuer, loadDevIssuer } from '../../src/auth/dev-issuer.js';
import { createTokenVerifier } from '../../src/auth/verify-token.js';
import { VerifiedTokenCache } from '../../src/auth/verified-tokens.js';
import type { Clock } from '../../src/platform/clock.js';

let issuer: DevIssuer;

beforeAll(async () => {
  issuer = await loadDevIssuer(path.join(mkdtempSync(path.join(os.tmpdir(), 'zava-tokens-')), 'key.json'));
});

/** A verifier whose key lookups are counted (one lookup = one signature verification) and whose clock we move. */
function countingVerifier(options: { reuseVerifiedMs?: number } = {}) {
  let now = Date.now();
  const clock: Clock = { now: () => new Date(now) };
  const local = createLocalJWKSet(issuer.publicJwks);
  const counter = { lookups: 0 };
  const keys: JWTVerifyGetKey = (header, token) => {
    counter.lookups++;
    return local(header, token);
  };
  const verifier = createTokenVerifier({
    issuer: issuer.issuer,
    audiences: [issuer.audience],
    algorithms: ['RS256'],
    requiredScope: 'Sales.Read',
    keys,
    clock,
    ...options,
  });
  return { verifier, counter, advance: (ms: number) => (now += ms) };
}

describe('verified tokens are reused briefly', () => {
  it('verifies a token once, then answers the same principal from memory', async () => {
    const { verifier, counter } = countingVerifier();
    const token = await issuer.issue({ sub: 'seattle-manager' });
    const first = await verifier.verify(token);
    const second = await verifier.verify(token);
    expect(second).toEqual(first);
    expect(counter.lookups).toBe(1);
  });

  it('keeps tokens apart: another token is verified on its own', async () => {
    const { verifier, counter } = countingVerifier();
    const a = await verifier.verify(await issuer.issue({ sub: 'seattle-manager' }));
    const b = await verifier.verify(await issuer.issue({ sub: 'regional-manager' }));
    expect([a.id, b.id]).toEqual(['seattle-manager', 'regional-manager']);
    expect(counter.lookups).toBe(2);
  });

  it('verifies again after the maximum age', async () => {
    const { verifier, counter, advance } = countingVerifier({ reuseVerifiedMs: 60_000 });
    const token = await issuer.issue({ sub: 'seattle-manager' });
    await verifier.verify(token);
    advance(59_000);
    await verifier.verify(token);
    expect(counter.lookups).toBe(1);
    advance(2_000);
    await verifier.verify(token);
    expect(counter.lookups).toBe(2);
  });

  it('never reuses a token past its exp, however long the maximum age', async () => {
    const { verifier, counter, advance } = countingVerifier({ reuseVerifiedMs: 3_600_000 });
    const token = await issuer.issue({ sub: 'seattle-manager', expiresInSeconds: 120 });
    await verifier.verify(token);
    advance(119_000);
    await verifier.verify(token);
    expect(counter.lookups).toBe(1);
    advance(2_000); // past exp on the cache's clock: verified again (jose itself reads the real time)
    await verifier.verify(token);
    expect(counter.lookups).toBe(2);
  });

  it('does not remember a token that failed a check (missing scope), so it fails every time', async () => {
    const { verifier, counter } = countingVerifier();
    const token = await issuer.issue({ sub: 'seattle-manager', scopes: ['Other.Scope'] });
    await expect(verifier.verify(token)).rejects.toThrow(/required scope/);
    await expect(verifier.verify(token)).rejects.toThrow(/required scope/);
    expect(counter.lookups).toBe(2);
  });

  it('does not remember a token with a bad signature', async () => {
    const { verifier, counter } = countingVerifier();
    const token = await issuer.issue({ sub: 'seattle-manager' });
    const [h, p, s] = token.split('.') as [string, string, string];
    const forged = `${h}.${p}.${s.slice(0, -4)}AAAA`;
    await expect(verifier.verify(forged)).rejects.toThrow(/signature|could not be verified/);
    await expect(verifier.verify(forged)).rejects.toThrow();
    expect(counter.lookups).toBe(2);
  });

  it('can be turned off (reuseVerifiedMs 0)', async () => {
    const { verifier, counter } = countingVerifier({ reuseVerifiedMs: 0 });
    const token = await issuer.issue({ sub: 'seattle-manager' });
    await verifier.verify(token);
    await verifier.verify(token);
    expect(counter.lookups).toBe(2);
  });
});

describe('VerifiedTokenCache', () => {
  it('forgets the oldest token beyond its size', () => {
    const clock: Clock = { now: () => new Date(0) };
    const cache = new VerifiedTokenCache({ maxAgeMs: 60_000, maxEntries: 2, clock });
    const principal = (id: string) => ({ id, scopes: [], kind: 'user' as const, issuer: 'x' });
    cache.set('a', principal('a'), 3600);
    cache.set('b', principal('b'), 3600);
    cache.set('c', principal('c'), 3600);
    expect(cache.size).toBe(2);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('c')?.id).toBe('c');
  });
});
