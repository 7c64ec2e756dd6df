// Builds the one RequestContext of an MCP request: the verified caller, a tenant-scope door bound to the database
// and the caller's id, the shared services, the limits and a signal that aborts at the request's deadline.

import type { RequestContext } from '../analytics/request-context.js';
import type { Principal } from '../auth/principal.js';
import type { DatabaseHandle } from '../data/open-database.js';
import type { Logger } from '../platform/logger.js';
import type { Runtime } from './runtime.js';

export interface RequestContextOptions {
  principal: Principal;
  database: DatabaseHandle;
  /** The request's logger (carries its request id). */
  logger: Logger;
  /** Aborts when the client goes away (the web Request's signal). */
  requestSignal?: AbortSignal;
  /** Overrides REQUEST_TIMEOUT_MS. */
  timeoutMs?: number;
}

export function createRequestContext(runtime: Runtime, options: RequestContextOptions): RequestContext {
  const { principal, database } = options;
  const deadline = AbortSignal.timeout(options.timeoutMs ?? runtime.config.REQUEST_TIMEOUT_MS);
  const signal = options.requestSignal ? AbortSignal.any([deadline, options.requestSignal]) : deadline;
  const context: RequestContext = {
    principal,
    // Only whole read transactions are repeated (src/app/scope-retry.ts); writes never pass through here.
    withScope: (fn, scopeOptions) => runtime.scopeRetry.run(() => database.database.withTenantScope(principal.id, fn, scopeOptions), signal),
    scopeInfo: () => runtime.scopes.resolve(`${database.id}|${principal.id}`, () => context.withScope(async (scope) => scope.info)),
    embedder: runtime.embedder,
    cache: runtime.cache,
    telemetry: runtime.telemetry,
    logger: options.logger,
    clock: runtime.clock,
    signal,
    limits: runtime.limits,
    sqlGuard: runtime.sqlGuard,
    databaseId: database.id,
  };
  return context;
}
