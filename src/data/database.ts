// Data access: every tool call runs inside one tenant scope, a READ ONLY transaction as the reader role whose
// RLS context (app.tx_scope) is written before the transaction turns read-only, so the caller cannot forge it.

import type { Pool, PoolClient, Submittable } from '@neondatabase/serverless';
import { AppError, DatabaseError, ValidationError } from '../platform/errors.js';
import type { Logger } from '../platform/logger.js';
import { Limiter } from './limiter.js';
import { mapDatabaseError } from './pg-errors.js';
import { Pipeline, PipelineProtocolError, type PipelineStep, type StepResult } from './pipeline.js';
import type { QueryField, QueryResult, Queryable } from './queryable.js';
import { DEFAULT_SESSION_SETTINGS, type SessionSettings, sessionSettingStatements } from './session-settings.js';

export const READER_ROLE = 'zava_reader';

export type ScopeRole = 'store_manager' | 'regional_manager' | 'head_office';

export interface ScopeInfo {
  principalId: string;
  role: ScopeRole;
  storeIds: number[];
}

export interface UntrustedResult {
  fields: QueryField[];
  rows: unknown[][];
  truncated: boolean;
}

/** What a tool handler gets: parameterized queries and the caller's scope, all in one transaction. */
export interface TenantScope extends Queryable {
  /** The caller's scope. Known once the scope is open: after the first query, or after `await open()`. */
  readonly info: ScopeInfo;
  /** Opens the scope now (normally the first query opens it, in the same round trip) and returns it. */
  open(): Promise<ScopeInfo>;
  /** Runs caller-written SQL (already guarded) with a row cap, as a cursor opened from a parameter (sql/007). */
  queryUntrusted(sql: string, maxRows: number): Promise<UntrustedResult>;
  /** Database round trips so far in this scope (the setup shares the first query's). */
  readonly roundTrips: number;
}

/** Planner settings for one scope (e.g. hnsw.ef_search), applied in the same round trip as the scope itself. */
export interface ScopeOptions {
  settings?: Record<string, number | string>;
}

/** A one-shot scoped answer: the scope, the statement's result, and the round trips it took at the wire. */
export interface ScopedAnswer<T> {
  info: ScopeInfo;
  result: T;
  roundTrips: number;
}

function planSettings(settings: ScopeOptions['settings'] = {}): string[] {
  return Object.entries(settings).map(([name, value]) => {
    // Names and values come from our code, never from callers; still, only plain identifiers and numbers pass.
    if (!/^[a-z_]+(\.[a-z_]+)?$/.test(name)) throw new Error(`Invalid setting name ${name}`);
    if (!(typeof value === 'number' ? Number.isFinite(value) : /^[a-z_]+$/.test(value))) throw new Error(`Invalid value for ${name}`);
    return `SET LOCAL ${name} = ${value}`;
  });
}

/** Position of the open_scope SELECT in the setup steps. */
const SCOPE_STEP = 5;

/**
 * The scope setup, in this order: BEGIN, timeouts, the scope row (written while the transaction is still
 * read-write), planner settings, the reader role, READ ONLY. The principal id is a bound parameter.
 */
function setupSteps(principalId: string, timeoutMs: number, options: ScopeOptions, session: SessionSettings): PipelineStep[] {
  const timeout = Math.trunc(timeoutMs);
  return [
    { text: 'BEGIN ISOLATION LEVEL READ COMMITTED READ WRITE' },
    { text: `SET LOCAL statement_timeout = ${timeout}` },
    { text: `SET LOCAL idle_in_transaction_session_timeout = ${timeout * 2}` },
    { text: 'SET LOCAL search_path = retail, public' }, // public: where pgvector's type and operators usually live
    { text: 'SET LOCAL standard_conforming_strings = on' }, // the SQL guard's parser reads literals this way
    { text: 'SELECT o_role AS role, o_store_ids AS store_ids FROM app.open_scope($1)', params: [principalId] },
    // application_name, jit, work_mem (configurable): in the same batch, no extra round trip.
    ...sessionSettingStatements(session).map((text) => ({ text })),
    // The caller's SQL runs as a cursor that is always fetched whole (and row-capped): plan for all of it. The
    // default, 0.1, makes the planner choose fast-start plans for cursors (an index scan feeding a GroupAggregate
    // instead of a seq scan and a HashAggregate), about twice as slow for an aggregate (docs/performance.md).
    { text: 'SET LOCAL cursor_tuple_fraction = 1' },
    ...planSettings(options.settings).map((text) => ({ text })),
    { text: `SET LOCAL ROLE ${READER_ROLE}` },
    { text: 'SET TRANSACTION READ ONLY' },
  ];
}

/** Ends the scope: nothing of it survives, and session advisory locks (which outlive a rollback) are released. */
const CLOSE_STEPS: PipelineStep[] = [{ text: 'ROLLBACK' }, { text: 'SELECT pg_advisory_unlock_all()' }];
const CLOSE_SQL = 'ROLLBACK; SELECT pg_advisory_unlock_all()';

/** The caller's SQL as two steps: open the cursor from a parameter (sql/007), fetch it. */
function untrustedSteps(sql: string, maxRows: number): PipelineStep[] {
  // The wire protocol ends strings at a NUL byte; a NUL would desynchronise the connection.
  if (sql.includes('\0'))
    throw new ValidationError('The SQL text contains a NUL character.', { nextStep: 'Remove control characters from the query.' });
  // The caller's text travels as a parameter (extended protocol): it is never a statement of its own, so it cannot
  // start a second statement, and it never shows in pg_stat_activity (sql/007).
  return [
    { text: 'SELECT app.open_caller_cursor($1, $2)', params: [stripTrailingSemicolons(sql), Math.trunc(maxRows) + 1] },
    { text: 'FETCH ALL FROM caller_query', rowMode: 'array' },
  ];
}

function untrustedResult(fetched: StepResult | undefined, maxRows: number): UntrustedResult {
  const rows = (fetched?.rows ?? []) as unknown[][];
  const truncated = rows.length > maxRows;
  return { fields: fetched?.fields ?? [], rows: truncated ? rows.slice(0, maxRows) : rows, truncated };
}

function scopeInfo(principalId: string, result: StepResult | undefined): ScopeInfo {
  const row = result?.rows[0] as { role: ScopeRole; store_ids: number[] } | undefined;
  if (!row) throw new DatabaseError('Opening the tenant scope returned nothing.');
  return { principalId, role: row.role, storeIds: row.store_ids };
}

function asQueryResult<R>(result: StepResult | undefined): QueryResult<R> {
  return { rows: (result?.rows ?? []) as R[], rowCount: result?.rowCount ?? null, fields: result?.fields ?? [] };
}

export interface DatabaseOptions {
  statementTimeoutMs: number;
  maxConcurrent: number;
  queueTimeoutMs: number;
  logger: Logger;
  /** application_name, jit, work_mem for tool transactions (set in the scope's setup batch). */
  session?: SessionSettings;
}

/** The pool's connections right now, for gauges: read from the driver's counters, no I/O. */
export interface PoolStats {
  /** Open connections (including ones still connecting). */
  total: number;
  idle: number;
  /** Checked out (total - idle). */
  used: number;
  /** Callers waiting for a connection: the pool's own queue plus the concurrency cap's (MAX_CONCURRENT_QUERIES). */
  pending: number;
  /** The pool's maximum size. */
  max: number;
}

/** Where a pooled connection stands: nothing sent, inside a scope transaction, or cleanly closed by its own batch. */
type ConnectionState = 'untouched' | 'in-scope' | 'closed';

/** One checked-out connection serving one scope: counts its writes and remembers what must happen before reuse. */
class ScopeSession {
  roundTrips = 0;
  state: ConnectionState = 'untouched';
  healthy = true;

  constructor(readonly client: PoolClient) {}

  /** Sends the steps in one write, closed by one Sync: one round trip. */
  exchange(steps: readonly PipelineStep[]): Pipeline {
    const pipeline = new Pipeline(steps);
    this.roundTrips++;
    // From the first write on, a transaction may be open: it must be rolled back before the connection is reused.
    if (this.state === 'untouched' || this.state === 'closed') this.state = 'in-scope';
    this.client.query(pipeline as unknown as Submittable);
    return pipeline;
  }
}

/** Pooled clients that already carry the in-use error listener (a client is reused many times). */
const guardedClients = new WeakSet<PoolClient>();

export class Database {
  private readonly limiter: Limiter;

  constructor(
    readonly pool: Pool,
    private readonly options: DatabaseOptions,
  ) {
    this.limiter = new Limiter(options.maxConcurrent, options.queueTimeoutMs);
    // An idle pooled connection that drops must not crash the process.
    pool.on('error', (error: Error) => options.logger.warn('idle database connection failed', { error }));
  }

  /** Connection counts of the pool, for observable gauges (the data layer knows no telemetry; src/app wires it). */
  poolStats(): PoolStats {
    const { totalCount: total, idleCount: idle, waitingCount } = this.pool;
    return { total, idle, used: Math.max(0, total - idle), pending: waitingCount + this.limiter.waiting, max: this.pool.options.max ?? 10 };
  }

  get statementTimeoutMs(): number {
    return this.options.statementTimeoutMs;
  }

  /**
   * Runs `fn` in the caller's tenant scope: BEGIN, timeouts, the scope row, the reader role, READ ONLY. The setup
   * goes out with the first query, in one write; the transaction always rolls back (after `fn`, off the critical
   * path), so the scope row never outlives it.
   */
  async withTenantScope<T>(principalId: string, fn: (scope: TenantScope) => Promise<T>, options: ScopeOptions = {}): Promise<T> {
    return this.inSession(async (session) => {
      let opened: Promise<ScopeInfo> | undefined;
      let info: ScopeInfo | undefined;
      const setup = setupSteps(principalId, this.options.statementTimeoutMs, options, this.options.session ?? DEFAULT_SESSION_SETTINGS);
      /** Runs steps in the scope; the first call carries the setup in the same write. Returns the steps' results. */
      const run = async (steps: PipelineStep[]): Promise<{ results: StepResult[]; failedStep: () => number | undefined }> => {
        if (!opened) {
          const pipeline = session.exchange([...setup, ...steps]);
          opened = pipeline.done.then((results) => {
            info = scopeInfo(principalId, results[SCOPE_STEP]);
            return info;
          });
          opened.catch(() => undefined);
          const failedStep = () => (pipeline.failedStep === undefined ? undefined : pipeline.failedStep - setup.length);
          try {
            await opened;
            return { results: (await pipeline.done).slice(setup.length), failedStep };
          } catch (error) {
            throw Object.assign(new StepFailure(error), { step: failedStep() });
          }
        }
        await opened; // a scope that failed to open runs nothing more
        const pipeline = session.exchange(steps);
        try {
          return { results: await pipeline.done, failedStep: () => pipeline.failedStep };
        } catch (error) {
          throw Object.assign(new StepFailure(error), { step: pipeline.failedStep });
        }
      };
      const scope: TenantScope = {
        get info(): ScopeInfo {
          if (!info) throw new Error('TenantScope.info is known once the scope is open: run a query or await scope.open() first.');
          return info;
        },
        get roundTrips() {
          return session.roundTrips;
        },
        open: async () => {
          if (!opened) await run([]).catch(unwrapStepFailure);
          return opened as Promise<ScopeInfo>;
        },
        query: async <R>(text: string, params?: readonly unknown[]) => {
          const { results } = await run([{ text, ...(params ? { params } : {}) }]).catch(unwrapStepFailure);
          return asQueryResult<R>(results[0]);
        },
        queryUntrusted: async (sql, maxRows) => {
          const steps = untrustedSteps(sql, maxRows);
          const { results } = await run(steps).catch((failure: unknown) => {
            // A syntax error of the caller's SQL is reported while opening the cursor: positions are made the caller's.
            if (failure instanceof StepFailure && failure.step === 0) throw relativeToCaller(failure.error);
            return unwrapStepFailure(failure);
          });
          return untrustedResult(results[1], maxRows);
        },
      };
      return fn(scope);
    });
  }

  /**
   * One statement in the caller's scope, in ONE round trip: setup, the statement and the rollback go out in one
   * write and come back in one read. If the setup fails, PostgreSQL skips everything after it up to the Sync.
   */
  async queryInScope<R = Record<string, unknown>>(
    principalId: string,
    text: string,
    params?: readonly unknown[],
    options: ScopeOptions = {},
  ): Promise<ScopedAnswer<QueryResult<R>>> {
    return this.oneShot(principalId, [{ text, ...(params ? { params } : {}) }], options, (results) => asQueryResult<R>(results[0]));
  }

  /** Caller-written SQL (already guarded) in the caller's scope, in ONE round trip (cursor from a parameter, as above). */
  async queryUntrustedInScope(principalId: string, sql: string, maxRows: number, options: ScopeOptions = {}): Promise<ScopedAnswer<UntrustedResult>> {
    return this.oneShot(principalId, untrustedSteps(sql, maxRows), options, (results) => untrustedResult(results[1], maxRows), true);
  }

  private async oneShot<T>(
    principalId: string,
    steps: PipelineStep[],
    options: ScopeOptions,
    shape: (results: StepResult[]) => T,
    untrusted = false,
  ): Promise<ScopedAnswer<T>> {
    const setup = setupSteps(principalId, this.options.statementTimeoutMs, options, this.options.session ?? DEFAULT_SESSION_SETTINGS);
    return this.inSession(async (session) => {
      const pipeline = session.exchange([...setup, ...steps, ...CLOSE_STEPS]);
      let results: StepResult[];
      try {
        results = await pipeline.done;
      } catch (error) {
        throw untrusted && pipeline.failedStep === setup.length ? relativeToCaller(error) : error;
      }
      session.state = 'closed'; // its own ROLLBACK (and unlock) completed in the same batch
      const info = scopeInfo(principalId, results[SCOPE_STEP]);
      return { info, result: shape(results.slice(setup.length, setup.length + steps.length)), roundTrips: session.roundTrips };
    });
  }

  /** A checked-out connection under the concurrency limit; errors mapped; cleaned up (rolled back) before reuse. */
  private async inSession<T>(body: (session: ScopeSession) => Promise<T>): Promise<T> {
    return this.limiter.run(async () => {
      const session = new ScopeSession(await this.connect());
      try {
        return await body(session);
      } catch (error) {
        const mapped = mapDatabaseError(error, { statementTimeoutMs: this.options.statementTimeoutMs });
        // A broken connection, or an answer that broke the protocol, is discarded rather than reused.
        if (error instanceof PipelineProtocolError || (!(error instanceof AppError) && mapped instanceof DatabaseError && mapped.retryable))
          session.healthy = false;
        throw mapped;
      } finally {
        this.finish(session);
      }
    });
  }

  /** A read-write transaction with the all-stores maintenance scope: migrations' data steps, seeding, embedding. */
  async withMaintenance<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
    const client = await this.connect();
    try {
      await client.query('BEGIN; SET LOCAL search_path = retail, public; SELECT app.open_maintenance_scope()');
      const q: Queryable = {
        query: async (text, params) => (await client.query({ text, values: params ? [...params] : undefined } as never)) as never,
      };
      const result = await fn(q);
      // The scope row is this transaction's only: removed before the commit, so app.tx_scope keeps none of it.
      await client.query('DELETE FROM app.tx_scope WHERE xid = pg_current_xact_id(); COMMIT');
      client.release();
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release(true);
      throw error;
    }
  }

  /** Plain queries outside any scope (catalog checks, health). They see no retail rows: RLS has no scope to use. */
  async query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
    return (await this.pool.query({ text, values: params ? [...params] : undefined } as never)) as never;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async connect(): Promise<PoolClient> {
    try {
      const client = (await this.pool.connect()) as PoolClient;
      // A checked-out client whose session dies (pg_terminate_backend, a cut connection) emits 'error' besides
      // failing its query; without a listener that event would crash the process. The query's own failure is
      // what the caller (and the retry) handles.
      if (!guardedClients.has(client)) {
        guardedClients.add(client);
        client.on('error', (error: Error) => this.options.logger.warn('database connection failed during a call', { error }));
      }
      return client;
    } catch (error) {
      throw mapDatabaseError(error, { statementTimeoutMs: this.options.statementTimeoutMs });
    }
  }

  /** Rolls back off the critical path: the caller gets its answer while the connection is cleaned up. */
  private finish(session: ScopeSession): void {
    const { client } = session;
    if (!session.healthy) {
      client.release(true);
      return;
    }
    // Nothing was sent, or the batch's own ROLLBACK and unlock completed: nothing to clean up.
    if (session.state !== 'in-scope') {
      client.release();
      return;
    }
    // Session-level advisory locks survive a rollback; a caller must not leave one on a pooled connection.
    client.query(CLOSE_SQL).then(
      () => client.release(),
      (error: unknown) => {
        this.options.logger.warn('rollback failed; discarding connection', { error });
        client.release(true);
      },
    );
  }
}

/** A pipelined step failed: which one (relative to the caller's steps), so errors can be attributed. */
class StepFailure extends Error {
  step: number | undefined;
  constructor(readonly error: unknown) {
    super('a pipelined step failed');
  }
}

function unwrapStepFailure(failure: unknown): never {
  throw failure instanceof StepFailure ? failure.error : failure;
}

/** The text app.open_caller_cursor puts before the caller's SQL; error positions are shifted back by it. */
const CURSOR_PREFIX_LENGTH = 'SELECT * FROM (\n'.length;

/** A syntax error inside the cursor's query points into the wrapped text (internalPosition): make it the caller's. */
function relativeToCaller(error: unknown): unknown {
  const e = error as { internalPosition?: unknown; position?: unknown };
  if (typeof e === 'object' && e !== null && typeof e.internalPosition === 'string') {
    const at = Number(e.internalPosition) - CURSOR_PREFIX_LENGTH;
    e.position = at >= 1 ? String(at) : undefined;
  }
  return error;
}

function stripTrailingSemicolons(sql: string): string {
  return sql.replace(/[\s;]+$/, '');
}
