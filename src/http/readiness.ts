// GET /api/health/ready: readiness. A database round trip, migrations current, the safety self-check passed, the
// embeddings provider reachable (probe cached), Redis when configured; each with status and latency. 200 when every
// required check is up, 503 otherwise. Anonymous callers get statuses only; error text and targets need a valid
// head-office token (the role comes from the database's own mapping, like every scope).

import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { createRequestContext } from '../app/request-context.js';
import type { Runtime } from '../app/runtime.js';
import type { DatabaseHandle } from '../data/open-database.js';
import { AppError, ConfigurationError } from '../platform/errors.js';
import { packageRoot } from '../platform/paths.js';

export type CheckStatus = 'ok' | 'error' | 'skipped';

export interface CheckResult {
  status: CheckStatus;
  latency_ms: number;
  /** Whether a failure makes the instance not ready (Redis is optional: the cache falls back). */
  required: boolean;
  /** Operator detail (error text, targets): shown to head office only. */
  detail?: Record<string, unknown>;
}

/** No single check may hold a probe longer than this (load balancers probe every few seconds). */
export const CHECK_TIMEOUT_MS = 3000;
/** A successful embeddings probe is a paid call: it is reused for a minute. Failures are not kept. */
const EMBEDDINGS_PROBE_TTL_SECONDS = 60;

let migrationFiles: Promise<string[]> | undefined;

/** The migration files this build ships (they do not change while the process runs). */
function expectedMigrations(): Promise<string[]> {
  migrationFiles ??= readdir(path.join(packageRoot(), 'sql')).then((files) => files.filter((f) => /^\d{3}_.+\.sql$/.test(f)).sort());
  return migrationFiles;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function timed(required: boolean, run: () => Promise<Omit<CheckResult, 'latency_ms' | 'required'>>): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Omit<CheckResult, 'latency_ms' | 'required'>>((resolve) => {
    timer = setTimeout(() => resolve({ status: 'error', detail: { error: `no answer within ${CHECK_TIMEOUT_MS} ms` } }), CHECK_TIMEOUT_MS);
  });
  try {
    const result = await Promise.race([run().catch((error: unknown) => ({ status: 'error' as const, detail: { error: message(error) } })), timeout]);
    return { ...result, required, latency_ms: Math.round(performance.now() - started) };
  } finally {
    clearTimeout(timer);
  }
}

async function databaseChecks(runtime: Runtime): Promise<{ handle?: DatabaseHandle; checks: Record<string, CheckResult> }> {
  let handle: DatabaseHandle | undefined;
  let openError: unknown;
  const database = await timed(true, async () => {
    try {
      handle = await runtime.database();
    } catch (error) {
      openError = error;
      throw error;
    }
    await handle.database.query('SELECT 1');
    return { status: 'ok', detail: { target: handle.description } };
  });
  // The self-check runs when the database is first opened; a refusal is a ConfigurationError naming the problems.
  const refused = openError instanceof ConfigurationError && /^Refusing to serve/.test(openError.message);
  const safety: CheckResult = handle
    ? { status: 'ok', latency_ms: 0, required: true }
    : {
        status: refused ? 'error' : 'skipped',
        latency_ms: 0,
        required: true,
        detail: { error: refused ? message(openError) : 'not checked: the database could not be reached' },
      };
  const opened = handle;
  const migrations = opened
    ? await timed(true, async () => {
        const [expected, applied] = await Promise.all([
          expectedMigrations(),
          opened.database.query<{ version: string }>('SELECT version FROM app.applied_migrations() AS version'),
        ]);
        const done = new Set(applied.rows.map((r) => r.version));
        const pending = expected.filter((f) => !done.has(f));
        return pending.length === 0
          ? { status: 'ok', detail: { applied: done.size } }
          : { status: 'error', detail: { pending, error: 'migrations pending: run npm run db:migrate' } };
      })
    : { status: 'skipped' as const, latency_ms: 0, required: true, detail: { error: 'not checked: the database could not be reached' } };
  // A database without app.applied_migrations (sql/008) predates this check: it is not migrated either.
  if (migrations.status === 'error' && /applied_migrations/.test(String(migrations.detail?.error))) {
    migrations.detail = { error: 'app.applied_migrations() is missing: run npm run db:migrate' };
  }
  return { ...(handle ? { handle } : {}), checks: { database, safety, migrations } };
}

async function embeddingsCheck(runtime: Runtime): Promise<CheckResult> {
  const { embedder } = runtime;
  const identity = { provider: runtime.config.EMBEDDINGS_PROVIDER, model: embedder.model };
  if (runtime.config.EMBEDDINGS_PROVIDER === 'local') return { status: 'ok', latency_ms: 0, required: true, detail: identity };
  return timed(true, async () => {
    // An open circuit answers at once: no probe while the service is known to be down.
    const breaker = runtime.embeddingsBreaker;
    if (breaker && breaker.state === 'open') {
      return {
        status: 'error',
        detail: { ...identity, circuit: 'open', retry_at: breaker.retryAt ? new Date(breaker.retryAt).toISOString() : undefined },
      };
    }
    await runtime.cache.getOrCompute(`ready:embeddings:v1:${embedder.model}`, EMBEDDINGS_PROBE_TTL_SECONDS, async () => {
      await embedder.embed(['readiness probe'], { signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
      return { ok: true };
    });
    return { status: 'ok', detail: { ...identity, ...(breaker ? { circuit: breaker.state } : {}) } };
  });
}

interface ReadyCache {
  ready(waitMs: number): Promise<boolean>;
}

function hasReady(cache: unknown): cache is ReadyCache {
  return typeof (cache as Partial<ReadyCache>).ready === 'function';
}

async function redisCheck(runtime: Runtime): Promise<CheckResult | undefined> {
  if (!runtime.config.REDIS_URL) return undefined;
  const { cache } = runtime;
  return timed(false, async () => {
    if (!hasReady(cache)) return { status: 'error', detail: { error: `REDIS_URL is set but the cache is ${cache.kind}` } };
    const ready = await cache.ready(runtime.config.REDIS_TIMEOUT_MS);
    return ready
      ? { status: 'ok' }
      : { status: 'error', detail: { error: `Redis not ready within ${runtime.config.REDIS_TIMEOUT_MS} ms (calls run uncached)` } };
  });
}

/** Detail only for a verified token whose principal the database maps to head office. */
async function showsDetail(runtime: Runtime, request: Request, handle: DatabaseHandle | undefined): Promise<boolean> {
  const header = request.headers.get('authorization');
  const token = header && /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
  if (!token || !handle) return false;
  try {
    const principal = await (await runtime.verifier()).verify(token);
    const ctx = createRequestContext(runtime, { principal, database: handle, logger: runtime.logger, timeoutMs: CHECK_TIMEOUT_MS });
    return (await ctx.scopeInfo()).role === 'head_office';
  } catch (error) {
    if (!(error instanceof AppError)) runtime.logger.warn('readiness: could not verify the caller', { error });
    return false;
  }
}

export async function handleReadiness(runtime: Runtime, request: Request): Promise<Response> {
  const started = performance.now();
  const [db, embeddings, redis] = await Promise.all([databaseChecks(runtime), embeddingsCheck(runtime), redisCheck(runtime)]);
  const checks: Record<string, CheckResult> = { ...db.checks, embeddings, ...(redis ? { redis } : {}) };
  const ready = Object.values(checks).every((c) => c.status === 'ok' || !c.required);
  const detail = await showsDetail(runtime, request, db.handle);
  const body = {
    status: ready ? 'ready' : 'not_ready',
    checks: Object.fromEntries(
      Object.entries(checks).map(([name, c]) => [name, detail ? c : { status: c.status, latency_ms: c.latency_ms, required: c.required }]),
    ),
    ...(detail ? { auth_mode: runtime.config.authMode } : { detail: 'Send a head-office bearer token for error text and targets.' }),
    duration_ms: Math.round(performance.now() - started),
  };
  return Response.json(body, { status: ready ? 200 : 503, headers: { 'Cache-Control': 'no-store' } });
}
