// A RequestContext for tests that exercise the protocol layer without a database: scopes are given, not read.

import type { RequestContext } from '../../src/analytics/request-context.js';
import type { ScopeInfo } from '../../src/data/database.js';
import { createMemoryCache } from '../../src/platform/cache/memory-cache.js';
import { fixedClock } from '../../src/platform/clock.js';
import { LocalEmbedder } from '../../src/platform/embeddings/local-embedder.js';
import { silentLogger } from '../../src/platform/logger.js';
import { noopTelemetry } from '../../src/platform/telemetry.js';

async function noDatabase(): Promise<never> {
  throw new Error('this test has no database');
}

export const PINNED_NOW = '2025-06-15T12:00:00.000Z';

export function testRequestContext(overrides: Partial<RequestContext> & { scope?: Omit<ScopeInfo, 'principalId'> } = {}): RequestContext {
  const { scope = { role: 'store_manager', storeIds: [1] }, ...rest } = overrides;
  const principal = rest.principal ?? { id: 'test-principal', scopes: ['Sales.Read'], kind: 'user' as const, issuer: 'test' };
  return {
    principal,
    withScope: noDatabase,
    queryInScope: noDatabase,
    queryUntrustedInScope: noDatabase,
    scopeInfo: async () => ({ principalId: principal.id, ...scope }),
    embedder: new LocalEmbedder({ dimensions: 64 }),
    cache: createMemoryCache(),
    telemetry: noopTelemetry,
    logger: silentLogger,
    clock: fixedClock(PINNED_NOW),
    signal: new AbortController().signal,
    limits: { maxRowsDefault: 100, maxRowsLimit: 1000, maxResultBytes: 100_000, maxQueryLength: 20_000 },
    sqlGuard: 'on',
    databaseId: 'test-db',
    ...rest,
  };
}
