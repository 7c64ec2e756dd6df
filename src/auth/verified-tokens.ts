// Verified bearer tokens, remembered per process for a short while: a warm instance sees the same token on every
// call of an agent's session, and verifying its RS256 signature again costs more than a millisecond of CPU each
// time. Only tokens that passed every check are kept, keyed by a SHA-256 of the token (the token itself is not
// kept as a key), each until the earlier of its own `exp` and a short maximum age, so a token is never accepted
// after it expires and a signing key the identity provider retires stops working within that maximum age.

import { createHash } from 'node:crypto';
import type { Clock } from '../platform/clock.js';
import type { Principal } from './principal.js';

export interface VerifiedTokenCacheOptions {
  /** Longest a verification is reused (ms). */
  maxAgeMs: number;
  /** Most tokens remembered; the oldest is forgotten first. */
  maxEntries: number;
  clock: Clock;
}

interface Entry {
  principal: Principal;
  expiresAtMs: number;
}

export class VerifiedTokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: VerifiedTokenCacheOptions) {}

  get(token: string): Principal | undefined {
    const key = keyOf(token);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAtMs <= this.options.clock.now().getTime()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.principal;
  }

  /** Remembers a verified token until min(exp, now + maxAge). `expSeconds` is the token's exp claim. */
  set(token: string, principal: Principal, expSeconds: number): void {
    const now = this.options.clock.now().getTime();
    const expiresAtMs = Math.min(expSeconds * 1000, now + this.options.maxAgeMs);
    if (!(expiresAtMs > now)) return;
    const key = keyOf(token);
    this.entries.delete(key); // re-insert at the end: Map order is insertion order, the oldest goes first
    this.entries.set(key, { principal, expiresAtMs });
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

function keyOf(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
