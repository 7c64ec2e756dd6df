// A scoped call is one write and one read at the wire (setup, statement and rollback pipelined before one Sync),
// counted by a proxy in front of PostgreSQL and a tap in front of the embedded host; a failed setup never runs
// the statement, and the connection comes back clean.

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PgWireProxy, type WireTally, startPgWireProxy, tapEmbeddedHost } from '../../bench/wire-proxy.js';
import { openPool, type OpenPool } from '../../src/data/connect.js';
import { Database } from '../../src/data/database.js';
import { EmbeddedHost } from '../../src/data/embedded-host.js';
import { AuthorizationError, DatabaseError } from '../../src/platform/errors.js';
import { PRINCIPALS, STORE_IDS } from '../../src/seed/stores.js';
import { waitForIdlePool } from '../support/attack-harness.js';
import { TARGET_NAMES, type TargetName, adminUrl } from '../support/targets.js';
import { dbOptions, templatePath, testRuntimeUrl } from '../support/template.js';

interface Wired {
  database: Database;
  tally: WireTally;
  admin<R>(sql: string, params?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

async function openWired(name: TargetName): Promise<Wired> {
  if (name === 'pglite') {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'zava-pipe-'));
    const host = await EmbeddedHost.start({ dataDir, templateFile: templatePath(), statementLimitMs: dbOptions.statementTimeoutMs });
    const tap = tapEmbeddedHost(host);
    // The tap has the two members the adapter uses (execProtocolStream, waitReady).
    const opened = await openPool({ kind: 'pglite', pglite: tap.host as EmbeddedHost });
    return {
      database: new Database(opened.pool, dbOptions),
      tally: tap.tally,
      admin: (sql, params) => host.admin(sql, params),
      close: async () => {
        await opened.close();
        await host.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const url = new URL(testRuntimeUrl(process.env.TEST_DATABASE_URL as string));
  const proxy: PgWireProxy = await startPgWireProxy({ host: url.hostname, port: Number(url.port || 5432) });
  url.port = String(proxy.port);
  const opened: OpenPool = await openPool({ kind: 'url', url: url.toString(), bridge: 'auto', poolMax: 1 });
  const admin = await openPool({ kind: 'url', url: adminUrl(process.env.TEST_DATABASE_URL as string), bridge: 'auto', poolMax: 1 });
  return {
    database: new Database(opened.pool, dbOptions),
    tally: proxy.tally,
    admin: async (sql, params) => (await admin.pool.query(sql, params)).rows as never,
    close: async () => {
      await opened.close();
      await admin.close();
      await proxy.close();
    },
  };
}

describe.each(TARGET_NAMES)('pipelined scopes on %s', (name) => {
  let wired: Wired;
  const seattle = PRINCIPALS.seattle.principalId;

  /** Runs `call` on a warm connection and returns what crossed the wire, the cleanup after the answer included. */
  async function measured<T>(call: () => Promise<T>) {
    await waitForIdlePool(wired.database);
    wired.tally.reset();
    const outcome = await call().then(
      (value) => ({ value, error: undefined }),
      (error: unknown) => ({ value: undefined, error }),
    );
    await waitForIdlePool(wired.database);
    return { ...outcome, wire: wired.tally.snapshot() };
  }

  beforeAll(async () => {
    wired = await openWired(name);
    await wired.database.queryInScope(seattle, 'SELECT 1'); // connect and authenticate outside the counts
  });
  afterAll(async () => wired?.close());

  it('answers a one-shot query in one write and one read, with the same count as the superuser', async () => {
    const { value, error, wire } = await measured(() => wired.database.queryInScope<{ n: number }>(seattle, 'SELECT count(*) AS n FROM orders'));
    expect(error).toBeUndefined();
    const [truth] = await wired.admin<{ n: number }>('SELECT count(*)::int AS n FROM retail.orders WHERE store_id = $1', [STORE_IDS.seattle]);
    expect(value?.result.rows).toEqual([{ n: truth?.n }]);
    expect(truth?.n).toBeGreaterThan(0);
    expect(value?.info).toMatchObject({ role: 'store_manager', storeIds: [STORE_IDS.seattle] });
    expect(value?.roundTrips).toBe(1);
    expect(wire).toMatchObject({ roundTrips: 1, syncs: 1, queries: 0, readyForQuery: 1 });
    // BEGIN, four settings, the scope, application_name/jit/work_mem, cursor_tuple_fraction, the role, READ ONLY,
    // the statement, ROLLBACK, the unlock: all completed, still in one round trip.
    expect(wire.backend.split('C').length - 1).toBe(15);
  });

  it('runs caller SQL (cursor from a parameter, then FETCH) in one round trip, with the row cap', async () => {
    const { value, wire } = await measured(() =>
      wired.database.queryUntrustedInScope(seattle, 'SELECT store_id, order_id FROM orders ORDER BY order_id', 3),
    );
    expect(value?.result.rows).toHaveLength(3);
    expect(value?.result.truncated).toBe(true);
    expect(value?.result.fields.map((f) => f.name)).toEqual(['store_id', 'order_id']);
    expect(new Set(value?.result.rows.map((r) => r[0]))).toEqual(new Set([STORE_IDS.seattle]));
    expect(wire).toMatchObject({ roundTrips: 1, syncs: 1, queries: 0 });
  });

  it('shares the setup write with the first query of withTenantScope; the rollback is the only other trip', async () => {
    const { value, wire } = await measured(() =>
      wired.database.withTenantScope(seattle, async (scope) => {
        const rows = (await scope.query<{ s: number[] }>('SELECT array_agg(store_id ORDER BY store_id) AS s FROM stores')).rows;
        return { rows, trips: scope.roundTrips, stores: scope.info.storeIds };
      }),
    );
    expect(value?.trips).toBe(1);
    expect(value?.stores).toEqual([STORE_IDS.seattle]);
    expect(value?.rows[0]?.s?.length).toBe(8); // reference table: every store
    expect(wire).toMatchObject({ roundTrips: 2, syncs: 1, queries: 1 });
  });

  it('refuses an unknown principal without running the statement, and rolls back before reuse', async () => {
    const { error, wire } = await measured(() => wired.database.queryInScope('no-such-principal', 'SELECT pg_advisory_lock(4242)'));
    expect(error).toBeInstanceOf(AuthorizationError);
    // First flight: BEGIN and four settings complete, open_scope raises, PostgreSQL skips the rest up to the Sync.
    const firstFlight = wire.backend.slice(0, wire.backend.indexOf('Z') + 1);
    expect(firstFlight.replace(/[^CEZ]/g, '')).toBe('CCCCCEZ');
    expect(firstFlight).not.toMatch(/E.*[CD]/); // nothing completed or returned a row after the error
    expect(wire.roundTrips).toBe(2); // the aborted transaction's ROLLBACK, after the answer
    const [locks] = await wired.admin<{ n: number }>("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory'");
    expect(locks?.n).toBe(0);
    // The same connection serves the next caller in its own scope.
    const next = await wired.database.queryInScope<{ s: number[] }>(seattle, 'SELECT app.scope_store_ids() AS s');
    expect(next.result.rows[0]?.s).toEqual([STORE_IDS.seattle]);
  });

  it('never sends a second query of a scope whose setup failed', async () => {
    const { value, error, wire } = await measured(() =>
      wired.database.withTenantScope('no-such-principal', async (scope) => {
        const first = await scope.query('SELECT 1').catch((e: unknown) => e);
        const second = await scope.query('SELECT 2').catch((e: unknown) => e);
        return [first, second];
      }),
    );
    expect(error).toBeUndefined();
    expect(value?.[0]).toMatchObject({ code: '28000' });
    expect(value?.[1]).toMatchObject({ code: '28000' });
    expect(wire.syncs).toBe(1); // the failed setup's batch only; then the cleanup ROLLBACK
  });

  it('reports a caller syntax error at the caller’s position and keeps the connection usable', async () => {
    const sql = 'SELECT store_id FROM orders WHERE';
    const { error, wire } = await measured(() => wired.database.queryUntrustedInScope(seattle, sql, 5));
    expect(error).toBeInstanceOf(DatabaseError);
    // The parser stops at the wrapper's closing parenthesis, on the line after the caller's text.
    expect((error as Error).message).toContain(`syntax error at or near ")" (at character ${sql.length + 2})`);
    expect(wire.roundTrips).toBe(2);
    const next = await wired.database.queryUntrustedInScope(seattle, 'SELECT 40 + 2 AS answer', 5);
    expect(next.result.rows).toEqual([[42]]);
  });
});
