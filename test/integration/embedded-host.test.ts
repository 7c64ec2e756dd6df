// The embedded database's watchdog: PGlite (WASM) has no statement_timeout, so the host stops a worker whose
// statement runs past the limit, answers like PostgreSQL (57014) and restarts on the same data directory.

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPool, type OpenPool } from '../../src/data/connect.js';
import { EmbeddedHost } from '../../src/data/embedded-host.js';
import { templatePath } from '../support/template.js';

const LIMIT_MS = 1500;

describe('embedded host watchdog', () => {
  let dataDir: string;
  let host: EmbeddedHost;
  let opened: OpenPool;
  const errorOf = async (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (e: { code?: string; message: string }) => e,
    );

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'zava-host-test-'));
    host = await EmbeddedHost.start({ dataDir, templateFile: templatePath(), statementLimitMs: LIMIT_MS });
    opened = await openPool({ kind: 'pglite', pglite: host });
    await opened.pool.query('CREATE TABLE public.watchdog_probe (n int)');
    await opened.pool.query('INSERT INTO public.watchdog_probe VALUES (1)');
  });
  afterAll(async () => {
    await opened?.close();
    await host?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('cancels an endless simple-protocol query with SQLSTATE 57014 and serves the next one', async () => {
    const before = host.restarts;
    const started = Date.now();
    const error = await errorOf(opened.pool.query('WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r'));
    expect(Date.now() - started).toBeLessThan(LIMIT_MS + 1500);
    expect(error).toMatchObject({ code: '57014', message: 'canceling statement due to statement timeout' });
    expect(host.restarts).toBe(before + 1);
    expect((await opened.pool.query('SELECT count(*)::int AS n FROM public.watchdog_probe')).rows).toEqual([{ n: 1 }]);
  });

  it('cancels an extended-protocol query and keeps the protocol in step', async () => {
    const error = await errorOf(opened.pool.query('SELECT count(*) FROM generate_series(1, $1::bigint)', [1e11]));
    expect(error).toMatchObject({ code: '57014' });
    const next = await opened.pool.query('SELECT $1::int + 1 AS y', [41]);
    expect(next.rows).toEqual([{ y: 42 }]);
  });

  it('keeps committed data and drops the cancelled transaction when stopped mid-write', async () => {
    const client = await opened.pool.connect();
    await client.query('BEGIN');
    const error = await errorOf(client.query('INSERT INTO public.watchdog_probe SELECT g FROM generate_series(1, 1000000000) g'));
    client.release(true);
    expect(error).toMatchObject({ code: '57014' });
    expect((await opened.pool.query('SELECT count(*)::int AS n FROM public.watchdog_probe')).rows).toEqual([{ n: 1 }]);
    // The restarted worker is a healthy read-write database.
    await opened.pool.query('INSERT INTO public.watchdog_probe VALUES (2)');
    expect((await opened.pool.query('SELECT count(*)::int AS n FROM public.watchdog_probe')).rows).toEqual([{ n: 2 }]);
  });

  it('applies no limit when none is set (migrations and seeding)', async () => {
    host.statementLimitMs = undefined;
    try {
      const before = host.restarts;
      const result = await opened.pool.query('SELECT true AS slept FROM pg_sleep(2)');
      expect(result.rows).toEqual([{ slept: true }]);
      expect(host.restarts).toBe(before);
    } finally {
      host.statementLimitMs = LIMIT_MS;
    }
  });
});
