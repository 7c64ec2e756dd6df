// A real RequestContext (and ToolContext) for tests: the target's database with the principal's tenant scope,
// a fixed clock, an in-memory cache, a silent logger and no-op telemetry.

import type { ToolContext } from '../../src/protocol/define-tool.js';
import { createMemoryCache } from '../../src/platform/cache/memory-cache.js';
import type { Cache } from '../../src/platform/cache/cache.js';
import { fixedClock } from '../../src/platform/clock.js';
import { LocalEmbedder } from '../../src/platform/embeddings/local-embedder.js';
import { silentLogger } from '../../src/platform/logger.js';
import { noopTelemetry } from '../../src/platform/telemetry.js';
import { PRINCIPALS, type PrincipalKey } from '../../src/seed/stores.js';
import type { TestTarget } from './targets.js';

export interface TestContextOptions {
  /** The request's "now" (default 2026-01-15T12:00:00Z, after the sample data's end). */
  now?: string;
  cache?: Cache;
}

export const DEFAULT_TEST_NOW = '2026-01-15T12:00:00Z';

export function testToolContext(target: TestTarget, who: PrincipalKey, options: TestContextOptions = {}): ToolContext {
  const principal = PRINCIPALS[who];
  const clock = fixedClock(options.now ?? DEFAULT_TEST_NOW);
  return {
    principal: { id: principal.principalId, name: principal.displayName, scopes: ['Sales.Read'], kind: 'user', issuer: 'test' },
    withScope: (fn, scopeOptions) => target.database.withTenantScope(principal.principalId, fn, scopeOptions),
    queryInScope: (text, params, scopeOptions) => target.database.queryInScope(principal.principalId, text, params, scopeOptions),
    queryUntrustedInScope: (sql, maxRows, scopeOptions) => target.database.queryUntrustedInScope(principal.principalId, sql, maxRows, scopeOptions),
    scopeInfo: () => target.database.withTenantScope(principal.principalId, (scope) => scope.open()),
    embedder: new LocalEmbedder({ dimensions: 1536 }),
    cache: options.cache ?? createMemoryCache({ clock }),
    telemetry: noopTelemetry,
    logger: silentLogger,
    clock,
    signal: new AbortController().signal,
    limits: { maxRowsDefault: 100, maxRowsLimit: 1000, maxResultBytes: 100_000, maxQueryLength: 20_000 },
    sqlGuard: 'on',
    databaseId: `test-${target.name}`,
    audit: {},
  };
}
