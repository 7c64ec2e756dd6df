// Builds the one RequestContext of an MCP request: the verified caller, a tenant-scope door bound to the database
// and the caller's id, the shared services, the limits and a signal that aborts at the request's deadline.

import type { RequestContext } from '../analytics/request-context.js';
import type { Principal } from '../auth/principal.js';
import type { DatabaseHandle } from '../data/open-database.js';
import type { Logger } from '../platform/logger.js';
import type { Telemetry } from '../platform/telemetry.js';
import { ATTR, DB_OPERATION, METRIC, SPAN } from '../platform/telemetry/semconv.js';
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
    // Only whole read transactions are repeated (src/app/scope-retry.ts); writes never pass through here. Each
    // attempt is a fresh scope on a fresh connection.
    withScope: (fn, scopeOptions) =>
      runtime.scopeRetry.run(() => traced(runtime.telemetry, () => database.database.withTenantScope(principal.id, fn, scopeOptions)), signal),
    queryInScope: (text, params, scopeOptions) =>
      runtime.scopeRetry.run(() => traced(runtime.telemetry, () => database.database.queryInScope(principal.id, text, params, scopeOptions)), signal),
    queryUntrustedInScope: (sql, maxRows, scopeOptions) =>
      runtime.scopeRetry.run(
        () => traced(runtime.telemetry, () => database.database.queryUntrustedInScope(principal.id, sql, maxRows, scopeOptions)),
        signal,
      ),
    scopeInfo: () => runtime.scopes.resolve(`${database.id}|${principal.id}`, () => context.withScope((scope) => scope.open())),
    embedder: runtime.embedder,
    cache: runtime.cache,
    telemetry: runtime.telemetry,
    performance: runtime.performance,
    logger: options.logger,
    clock: runtime.clock,
    signal,
    limits: runtime.limits,
    sqlGuard: runtime.sqlGuard,
    databaseId: database.id,
  };
  return context;
}

/** One client span and one duration per tenant-scope transaction; never SQL text or parameters. */
async function traced<T>(telemetry: Telemetry, run: () => Promise<T>): Promise<T> {
  if (!telemetry.enabled) return run();
  const started = performance.now();
  const attributes = { [ATTR.dbSystemName]: 'postgresql', [ATTR.dbOperationName]: DB_OPERATION.scopedRead };
  let errorType: string | undefined;
  try {
    return await telemetry.span(
      SPAN.dbTransaction(DB_OPERATION.scopedRead),
      attributes,
      async (span) => {
        const result = await run();
        const trips = (result as { roundTrips?: unknown }).roundTrips;
        if (typeof trips === 'number') span.setAttributes({ [ATTR.dbRoundTrips]: trips });
        return result;
      },
      'client',
    );
  } catch (error) {
    errorType = (error as { code?: string }).code ?? (error as Error).name;
    throw error;
  } finally {
    telemetry.record(METRIC.dbClientOperationDuration, performance.now() - started, { ...attributes, 'error.type': errorType });
  }
}
