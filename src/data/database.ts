// Data access: every tool call runs inside one tenant scope, a READ ONLY transaction as the reader role whose
// RLS context (app.tx_scope) is written before the transaction turns read-only, so the caller cannot forge it.

import type { Pool, PoolClient } from '@neondatabase/serverless';
import { AppError, DatabaseError, ValidationError } from '../platform/errors.js';
import type { Logger } from '../platform/logger.js';
import { Limiter } from './limiter.js';
import { mapDatabaseError } from './pg-errors.js';
import type { QueryField, QueryResult, Queryable } from './queryable.js';
import { DEFAULT_SESSION_SETTINGS, type SessionSettings, sessionSettingStatements } from './session-settings.js';
import { quoteLiteral } from './sql-literal.js';

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
  readonly info: ScopeInfo;
  /** Runs caller-written SQL (already guarded) with a row cap, as a cursor opened from a parameter (sql/007). */
  queryUntrusted(sql: string, maxRows: number): Promise<UntrustedResult>;
  /** Database round trips so far in this scope (the setup counts as one). */
  readonly roundTrips: number;
}

/** Planner settings for one scope (e.g. hnsw.ef_search), applied in the same round trip as the scope itself. */
export interface ScopeOptions {
  settings?: Record<string, number | string>;
}

const SCOPE_RESULT_INDEX = 5; // position of the open_scope SELECT in the setup batch

function planSettings(settings: ScopeOptions['settings'] = {}): string[] {
  return Object.entries(settings).map(([name, value]) => {
    // Names and values come from our code, never from callers; still, only plain identifiers and numbers pass.
    if (!/^[a-z_]+(\.[a-z_]+)?$/.test(name)) throw new Error(`Invalid setting name ${name}`);
    if (!(typeof value === 'number' ? Number.isFinite(value) : /^[a-z_]+$/.test(value))) throw new Error(`Invalid value for ${name}`);
    return `SET LOCAL ${name} = ${value}`;
  });
}

export interface DatabaseOptions {
  statementTimeoutMs: number;
  maxConcurrent: number;
  queueTimeoutMs: number;
  logger: Logger;
  /** application_name, jit, work_mem for tool transactions (set in the scope's setup batch). */
  session?: SessionSettings;
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

  get statementTimeoutMs(): number {
    return this.options.statementTimeoutMs;
  }

  /**
   * Runs `fn` in the caller's tenant scope. One round trip opens it: BEGIN, timeouts, the scope row, the reader
   * role, READ ONLY. The transaction always rolls back, so the scope row never outlives it.
   */
  async withTenantScope<T>(principalId: string, fn: (scope: TenantScope) => Promise<T>, options: ScopeOptions = {}): Promise<T> {
    return this.limiter.run(async () => {
      const client = await this.connect();
      let roundTrips = 0;
      let healthy = true;
      const timeout = this.options.statementTimeoutMs;
      const run = async <R>(text: string, params?: readonly unknown[], rowMode?: 'array'): Promise<QueryResult<R>> => {
        roundTrips++;
        const result = await client.query({ text, values: params ? [...params] : undefined, rowMode } as never);
        return result as unknown as QueryResult<R>;
      };
      try {
        roundTrips++;
        const setup = (await client.query(
          [
            'BEGIN ISOLATION LEVEL READ COMMITTED READ WRITE',
            `SET LOCAL statement_timeout = ${Math.trunc(timeout)}`,
            `SET LOCAL idle_in_transaction_session_timeout = ${Math.trunc(timeout) * 2}`,
            'SET LOCAL search_path = retail, public', // public: where pgvector's type and operators usually live
            'SET LOCAL standard_conforming_strings = on', // the SQL guard's parser reads literals this way
            `SELECT o_role AS role, o_store_ids AS store_ids FROM app.open_scope(${quoteLiteral(principalId)})`,
            ...sessionSettingStatements(this.options.session ?? DEFAULT_SESSION_SETTINGS),
            ...planSettings(options.settings),
            `SET LOCAL ROLE ${READER_ROLE}`,
            'SET TRANSACTION READ ONLY',
          ].join(';\n'),
        )) as unknown as Array<{ rows: Array<{ role: ScopeRole; store_ids: number[] }> }>;
        const scopeRow = setup[SCOPE_RESULT_INDEX]?.rows[0];
        if (!scopeRow) throw new DatabaseError('Opening the tenant scope returned nothing.');
        const info: ScopeInfo = { principalId, role: scopeRow.role, storeIds: scopeRow.store_ids };
        const scope: TenantScope = {
          info,
          get roundTrips() {
            return roundTrips;
          },
          query: (text, params) => run(text, params),
          queryUntrusted: async (sql, maxRows) => {
            // The wire protocol ends query text at a NUL byte; a NUL would desynchronise the connection.
            if (sql.includes('\0'))
              throw new ValidationError('The SQL text contains a NUL character.', { nextStep: 'Remove control characters from the query.' });
            // The caller's text travels as a parameter (extended protocol): it is never a statement of its own, so
            // it cannot start a second statement, and it never shows in pg_stat_activity (sql/007).
            try {
              await run('SELECT app.open_caller_cursor($1, $2)', [stripTrailingSemicolons(sql), Math.trunc(maxRows) + 1]);
            } catch (error) {
              throw relativeToCaller(error);
            }
            const result = await run<unknown[]>('FETCH ALL FROM caller_query', undefined, 'array');
            const truncated = result.rows.length > maxRows;
            return { fields: result.fields, rows: truncated ? result.rows.slice(0, maxRows) : result.rows, truncated };
          },
        };
        return await fn(scope);
      } catch (error) {
        const mapped = mapDatabaseError(error, { statementTimeoutMs: timeout });
        if (!(error instanceof AppError) && mapped instanceof DatabaseError && mapped.retryable) healthy = false;
        throw mapped;
      } finally {
        this.finish(client, healthy);
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
      await client.query('COMMIT');
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
  private finish(client: PoolClient, healthy: boolean): void {
    if (!healthy) {
      client.release(true);
      return;
    }
    // Session-level advisory locks survive a rollback; a caller must not leave one on a pooled connection.
    client.query('ROLLBACK; SELECT pg_advisory_unlock_all()').then(
      () => client.release(),
      (error: unknown) => {
        this.options.logger.warn('rollback failed; discarding connection', { error });
        client.release(true);
      },
    );
  }
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
