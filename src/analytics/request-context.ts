// What every business service receives for one MCP request: the verified caller, a door into their tenant scope,
// and the shared platform services. Built once per request by the composition root; knows nothing of MCP or HTTP.

import type { Principal } from '../auth/principal.js';
import type { ScopedAnswer, ScopeInfo, ScopeOptions, TenantScope, UntrustedResult } from '../data/database.js';
import type { QueryResult } from '../data/queryable.js';
import type { Cache } from '../platform/cache/cache.js';
import type { Clock } from '../platform/clock.js';
import type { Embedder } from '../platform/embeddings/embedder.js';
import type { Logger } from '../platform/logger.js';
import type { Telemetry } from '../platform/telemetry.js';

export interface Limits {
  maxRowsDefault: number;
  maxRowsLimit: number;
  maxResultBytes: number;
  maxQueryLength: number;
}

export interface RequestContext {
  readonly principal: Principal;
  /** Runs `fn` in the caller's tenant scope: one READ ONLY transaction as the reader role, always rolled back. */
  withScope<T>(fn: (scope: TenantScope) => Promise<T>, options?: ScopeOptions): Promise<T>;
  /** One statement in the caller's scope, setup and rollback included, in a single database round trip. */
  queryInScope<R = Record<string, unknown>>(text: string, params?: readonly unknown[], options?: ScopeOptions): Promise<ScopedAnswer<QueryResult<R>>>;
  /** Caller-written (already guarded) SQL with a row cap, in a single round trip (cursor opened from a parameter). */
  queryUntrustedInScope(sql: string, maxRows: number, options?: ScopeOptions): Promise<ScopedAnswer<UntrustedResult>>;
  /** The caller's role and store ids, memoized per instance for at most a minute (cache keys need them). */
  scopeInfo(): Promise<ScopeInfo>;
  readonly embedder: Embedder;
  readonly cache: Cache;
  readonly telemetry: Telemetry;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Aborted when the request's deadline passes or the client goes away. */
  readonly signal: AbortSignal;
  readonly limits: Limits;
  /** 'off-for-tests' exists only so the security suite can prove the database holds alone; refused outside tests. */
  readonly sqlGuard: 'on' | 'off-for-tests';
  /** Identifies the database the figures come from (cache namespace): two databases never share cache entries. */
  readonly databaseId: string;
}
