// The startup self-check refuses unsafe databases; limits (timeout, rows, bytes, concurrency) answer in words a
// model can act on; every tool call leaves one audit event and no secrets in the logs.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openPool, type OpenPool } from '../../src/data/connect.js';
import { Database } from '../../src/data/database.js';
import { migrate } from '../../src/data/migrate.js';
import { enableRuntimeLogin } from '../../src/data/runtime-login.js';
import { checkDatabaseSafety } from '../../src/data/self-check.js';
import { prepareOwnerDatabase } from '../../src/local/owner-database.js';
import { loadConfig } from '../../src/platform/config.js';
import { packageRoot } from '../../src/platform/paths.js';
import { createLogger, silentLogger } from '../../src/platform/logger.js';
import { PRINCIPALS } from '../../src/seed/stores.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { adminUrl, openTarget, TARGET_NAMES, type TestTarget } from '../support/targets.js';
import { dbOptions, TEST_RUNTIME_PASSWORD, testRuntimeUrl } from '../support/template.js';
import { callTool } from '../support/tool-call.js';

describe.each(TARGET_NAMES)('startup self-check on %s', (targetName) => {
  let target: TestTarget;
  beforeAll(async () => {
    target = await openTarget(targetName);
  });
  afterAll(async () => {
    await target?.close();
  });

  it('passes on a migrated database', async () => {
    expect(await checkDatabaseSafety(target.database, { embeddingDimensions: 1536 })).toEqual([]);
  });

  it("gives the reader one policy per table: the write policy is the owner's alone (sql/011)", async () => {
    // A policy that also applied to the reader would be OR'ed into its SELECTs and hide the store filter from the
    // planner (whole-table scans for a store manager).
    const policies = await target.admin<{ policy: string; roles: string }>(
      `SELECT format('%s.%s %s', p.schemaname, p.tablename, p.policyname) AS policy, array_to_string(p.roles, ',') AS roles
         FROM pg_policies p
        WHERE p.schemaname IN ('retail', 'retail_summary') AND p.cmd IN ('SELECT', 'ALL')
          AND ('public' = ANY (p.roles) OR 'zava_reader' = ANY (p.roles))
        ORDER BY 1`,
    );
    expect(policies.length).toBeGreaterThanOrEqual(16);
    expect(policies.filter((p) => !/ read_(own_stores|in_scope)$/.test(p.policy))).toEqual([]);
  });

  it('reports an embedding dimension that does not match the embedder', async () => {
    expect(await checkDatabaseSafety(target.database, { embeddingDimensions: 3072 })).toEqual([
      'The embedding column is vector(1536) but the embedder gives 3072 dimensions.',
    ]);
  });
});

// On PostgreSQL and Neon the reader can call set_config, so set_config('role', 'none', true) returns a caller who got
// past the guard to the login the server connects as. The self-check refuses logins for which that would matter.
describe.skipIf(!TARGET_NAMES.includes('postgres'))('the server refuses a login it could be switched back to (postgres)', () => {
  const ownerUrl = process.env.TEST_DATABASE_URL ?? '';
  const opened: OpenPool[] = [];
  const problemsAs = async (url: string) => {
    const pool = await openPool({ kind: 'url', url, bridge: 'auto', poolMax: 1 });
    opened.push(pool);
    return checkDatabaseSafety(new Database(pool.pool, dbOptions));
  };
  /** `base` (the owner's or the superuser's URL) for another role and/or database. */
  const urlFor = (base: string, change: { role?: string; database?: string }) => {
    const url = new URL(base);
    if (change.role) url.username = change.role;
    if (change.database) url.pathname = `/${change.database}`;
    return url.toString();
  };
  let admin: TestTarget;
  beforeAll(async () => {
    admin = await openTarget('postgres');
  });
  afterAll(async () => {
    for (const pool of opened) await pool.close();
    await admin?.admin('DROP ROLE IF EXISTS zava_probe_login');
    await admin?.close();
  });

  it('refuses the owner as the login, naming it and the fix', async () => {
    const problems = await problemsAs(ownerUrl);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^Database user "zava_owner" is, or can become, "zava_owner", which owns the tables: .*set_config\('role', \.\.\.\).*npm run db:login/,
    );
  });

  it('accepts the runtime login', async () => {
    expect(await problemsAs(testRuntimeUrl(ownerUrl))).toEqual([]);
  });

  it('npm start with only the owner URL migrates and serves as the runtime login', async () => {
    const config = await prepareOwnerDatabase(loadConfig({ AUTH_MODE: 'dev', DATABASE_OWNER_URL: ownerUrl }), silentLogger);
    try {
      const served = new URL(config.DATABASE_URL ?? '');
      expect(served.username).toBe('zava_app');
      expect(served.password.length).toBeGreaterThanOrEqual(32);
      expect(await problemsAs(served.toString())).toEqual([]);
    } finally {
      // Other test files log in with the shared test password (trust authentication here, but keep it true).
      const owner = await openPool({ kind: 'url', url: ownerUrl, bridge: 'auto', poolMax: 1 });
      await enableRuntimeLogin(owner.pool, TEST_RUNTIME_PASSWORD);
      await owner.close();
    }
  });

  it('accepts the owner as the login on a self-managed PostgreSQL hardened by a superuser (sql/hardening)', async () => {
    const db = 'zava_hardening_probe';
    const server = await openPool({ kind: 'url', url: urlFor(adminUrl(ownerUrl), { database: 'postgres' }), bridge: 'auto', poolMax: 1 });
    const before = opened.length;
    await server.pool.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await server.pool.query(`CREATE DATABASE ${db} OWNER zava_owner`);
    const ownerInDb = urlFor(ownerUrl, { database: db });
    const superuser = await openPool({ kind: 'url', url: urlFor(adminUrl(ownerUrl), { database: db }), bridge: 'auto', poolMax: 1 });
    opened.push(superuser);
    await superuser.pool.query('CREATE EXTENSION vector');
    const owner = await openPool({ kind: 'url', url: ownerInDb, bridge: 'auto', poolMax: 1 });
    opened.push(owner);
    await migrate(owner.pool);
    expect((await problemsAs(ownerInDb))[0]).toMatch(/^Database user "zava_owner" is, or can become, "zava_owner"/);
    await superuser.pool.query(readFileSync(path.join(packageRoot(), 'sql', 'hardening', 'revoke-from-public.sql'), 'utf8'));
    // The reader can no longer switch roles at all, so the owner's session is no longer a way back.
    expect(await problemsAs(ownerInDb)).toEqual([]);
    const refused = await owner.pool.query("BEGIN; SET LOCAL ROLE zava_reader; SELECT set_config('role', 'zava_owner', true); ROLLBACK").then(
      () => undefined,
      (e: { code?: string }) => e.code,
    );
    expect(refused).toBe('42501');
    await owner.pool.query('ROLLBACK').catch(() => undefined);
    for (const pool of opened.splice(before)) {
      pool.pool.on('error', () => undefined); // a backend still closing must not surface as an uncaught error
      await pool.close();
    }
    // Drop only once every session of the probe database has gone (FORCE would kill a closing one mid-goodbye).
    for (let i = 0; i < 50; i++) {
      const left = await server.pool.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [db]);
      if ((left.rows[0] as { n: number }).n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await server.pool.query(`DROP DATABASE ${db}`);
    await server.close();
  });

  it('refuses a login with a privileged built-in role, and one that cannot become the reader', async () => {
    await admin.admin('DROP ROLE IF EXISTS zava_probe_login');
    await admin.admin('CREATE ROLE zava_probe_login LOGIN NOINHERIT');
    await admin.admin('GRANT pg_read_all_stats TO zava_probe_login');
    const problems = await problemsAs(urlFor(ownerUrl, { role: 'zava_probe_login' }));
    expect(problems).toEqual([
      expect.stringMatching(/^Database user "zava_probe_login" is a member of pg_read_all_stats, .*npm run db:login/),
      'Database user "zava_probe_login" cannot SET ROLE zava_reader: run npm run db:migrate, then connect as the login npm run db:login prints.',
    ]);
  });
});

describe('the server refuses an unsafe database (pglite)', () => {
  let target: TestTarget;
  beforeEach(async () => {
    target = await openTarget('pglite');
  });
  afterEach(async () => {
    await target.close();
  });

  const problems = () => checkDatabaseSafety(target.database);

  it('names a table without FORCE ROW LEVEL SECURITY', async () => {
    await target.admin('ALTER TABLE retail.orders NO FORCE ROW LEVEL SECURITY');
    expect(await problems()).toEqual(['Table retail.orders does not FORCE row level security.']);
  });

  it('names a table without row level security', async () => {
    await target.admin('ALTER TABLE retail.inventory DISABLE ROW LEVEL SECURITY');
    expect(await problems()).toEqual(['Table retail.inventory does not have row level security enabled.']);
  });

  it('names a sales summary table without FORCE or without row level security', async () => {
    await target.admin('ALTER TABLE retail_summary.product_days NO FORCE ROW LEVEL SECURITY');
    await target.admin('ALTER TABLE retail_summary.customer_days DISABLE ROW LEVEL SECURITY');
    expect(await problems()).toEqual([
      'Table retail_summary.customer_days does not have row level security enabled.',
      'Table retail_summary.product_days does not FORCE row level security.',
    ]);
  });

  it('names a sales summary table the reader can write', async () => {
    await target.admin('GRANT INSERT ON retail_summary.store_days TO zava_reader');
    expect(await problems()).toEqual(['Role zava_reader can write to retail_summary.store_days; it must have SELECT only.']);
  });

  it('names a reader role that can bypass RLS', async () => {
    await target.admin('ALTER ROLE zava_reader BYPASSRLS');
    try {
      expect(await problems()).toEqual(['Role zava_reader has BYPASSRLS.']);
    } finally {
      await target.admin('ALTER ROLE zava_reader NOBYPASSRLS');
    }
  });

  it('names a reader that can write or owns a table', async () => {
    await target.admin('GRANT UPDATE ON retail.products TO zava_reader');
    for (const sql of [
      'CREATE TABLE retail.scratch (id int)',
      'ALTER TABLE retail.scratch ENABLE ROW LEVEL SECURITY',
      'ALTER TABLE retail.scratch FORCE ROW LEVEL SECURITY',
      'ALTER TABLE retail.scratch OWNER TO zava_reader',
    ]) {
      await target.admin(sql);
    }
    const found = await problems();
    expect(found).toContain('Role zava_reader can write to retail.products; it must have SELECT only.');
    expect(found).toContain('Role zava_reader owns scratch; it must own nothing.');
  });

  it("names a caller-cursor function that would run the caller's SQL as its owner", async () => {
    await target.admin('ALTER FUNCTION app.open_caller_cursor(text, integer) SECURITY DEFINER');
    expect(await problems()).toEqual([
      "Function app.open_caller_cursor must be SECURITY INVOKER without SET clauses: the caller's SQL runs inside it.",
    ]);
  });

  it('names a superuser application user', async () => {
    await target.admin('ALTER ROLE zava_owner SUPERUSER');
    try {
      expect(await problems()).toContain('Database user "zava_owner" is a superuser, which bypasses RLS: connect as a non-superuser owner.');
    } finally {
      await target.admin('ALTER ROLE zava_owner NOSUPERUSER');
    }
  });

  it('names a superuser session whose reader can still call set_config', async () => {
    await target.admin('GRANT EXECUTE ON FUNCTION pg_catalog.set_config(text, text, boolean) TO PUBLIC');
    expect(await problems()).toEqual([
      'The session user is a superuser and the reader can call set_config: revoke EXECUTE on set_config from PUBLIC.',
    ]);
  });

  it('answers MCP requests with 503 and the reason, and readiness with 503 (liveness stays 200)', async () => {
    await target.admin('ALTER TABLE retail.order_items NO FORCE ROW LEVEL SECURITY');
    const server = await startTestServer(target);
    try {
      const res = await fetch(server.mcpUrl, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${await server.token('seattle')}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error_description: string }).error_description).toMatch(
        /retail\.order_items does not FORCE row level security/,
      );
      const ready = await fetch(`${server.url}/api/health/ready`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { checks: { safety: { status: string } } }).checks.safety.status).toBe('error');
      expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe.each(TARGET_NAMES)('limits on %s', (targetName) => {
  let target: TestTarget;
  let server: TestServer;
  const lines: string[] = [];

  beforeAll(async () => {
    target = await openTarget(targetName, { statementTimeoutMs: 1000 });
    server = await startTestServer(target, {
      unsafeDisableSqlGuardForTests: true, // pg_sleep must reach the database to prove the timeout
      logger: createLogger({ level: 'info', sink: (line) => lines.push(line) }),
      env: { MAX_RESULT_BYTES: '4096' },
    });
  });
  afterAll(async () => {
    await server?.close();
    await target?.close();
  });

  // On PGlite (no timer signals in WASM) the embedded host's watchdog gives the same answer.
  it('cancels a slow query at the statement timeout with advice', async () => {
    const client = await server.client('seattle');
    const started = Date.now();
    const out = await callTool(client, 'execute_sales_query', { postgresql_query: 'SELECT pg_sleep(30)' });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(out.isError).toBe(true);
    expect(out.text).toMatch(/TIMEOUT: The query was cancelled after 1000 ms/);
    expect(out.text).toMatch(/aggregate|LIMIT/);
    const next = await callTool(client, 'execute_sales_query', { postgresql_query: 'SELECT DISTINCT store_id FROM retail.orders' });
    expect(next.structured?.rows).toEqual([[1]]);
  });

  it('describes the configured row limits and refuses max_rows above them', async () => {
    const limited = await startTestServer(target, { env: { MAX_ROWS_DEFAULT: '20', MAX_ROWS_LIMIT: '50' } });
    try {
      const client = await limited.client('seattle');
      const { tools } = await client.listTools();
      const exec = tools.find((t) => t.name === 'execute_sales_query');
      expect(exec?.description).toContain('default 20, up to 50');
      expect((exec?.inputSchema.properties as Record<string, { maximum?: number }> | undefined)?.max_rows?.maximum).toBe(50);
      const over = await callTool(client, 'execute_sales_query', { postgresql_query: 'SELECT 1 AS n', max_rows: 60 });
      expect(over.isError).toBe(true);
      expect(over.text).toMatch(/max_rows/);
      const rows = await callTool(client, 'execute_sales_query', { postgresql_query: 'SELECT g FROM generate_series(1, 100) g' });
      expect(rows.structured?.row_count).toBe(20);
    } finally {
      await limited.close();
    }
  });

  it('cuts results at the byte budget and says so', async () => {
    const client = await server.client('headoffice');
    const out = await callTool(client, 'execute_sales_query', { postgresql_query: 'SELECT * FROM retail.products', max_rows: 1000 });
    expect(out.isError).toBe(false);
    expect(out.structured).toMatchObject({ truncated: true, truncation_reason: 'max_bytes' });
    expect(Buffer.byteLength(out.text)).toBeLessThanOrEqual(4096);
    expect(out.text).toMatch(/Select fewer columns, aggregate, or add a LIMIT/);
  });

  it('writes one audit event per tool call with a fingerprint and no token', async () => {
    const client = await server.client('regional');
    lines.length = 0;
    await callTool(client, 'execute_sales_query', { postgresql_query: 'SELECT count(*) FROM retail.orders' });
    const audits = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((e) => e.audit);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      tool: 'execute_sales_query',
      principal: PRINCIPALS.regional.principalId,
      outcome: 'ok',
      rows: 1,
      round_trips: 1, // scope setup, cursor and fetch in one write (src/data/pipeline.ts)
    });
    expect(lines.join('\n')).not.toMatch(/eyJ[\w-]+\.[\w-]+/);

    // A failed call is attributed too: the text hash always, the guard's fingerprint once it was checked
    // (this server runs with the guard off, hence 'unchecked').
    lines.length = 0;
    const slow = 'SELECT pg_sleep(30)';
    await callTool(client, 'execute_sales_query', { postgresql_query: slow });
    const failed = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((e) => e.audit);
    expect(failed).toEqual([
      expect.objectContaining({
        outcome: 'TIMEOUT',
        sql_fingerprint: 'unchecked',
        sql_sha256: createHash('sha256').update(slow).digest('hex').slice(0, 32),
      }),
    ]);
  });
});
