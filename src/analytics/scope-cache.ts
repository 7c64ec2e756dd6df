// Per-instance memo of each caller's scope (role and store ids) for at most a minute: the cache key of a tool
// answer needs it, and reading it costs a tenant scope. A changed grant is seen within the TTL.

import type { ScopeInfo } from '../data/database.js';
import type { Clock } from '../platform/clock.js';

export interface ScopeCache {
  /** The cached scope of `principalId`, or `load()`'s answer (concurrent misses load once). Failures are not kept. */
  resolve(principalId: string, load: () => Promise<ScopeInfo>): Promise<ScopeInfo>;
}

export const SCOPE_CACHE_MAX_TTL_MS = 60_000;

export function createScopeCache(options: { clock: Clock; ttlMs?: number; maxEntries?: number }): ScopeCache {
  const ttlMs = Math.min(options.ttlMs ?? SCOPE_CACHE_MAX_TTL_MS, SCOPE_CACHE_MAX_TTL_MS);
  const maxEntries = options.maxEntries ?? 10_000;
  const entries = new Map<string, { at: number; info: Promise<ScopeInfo> }>();
  return {
    resolve(principalId, load) {
      const now = options.clock.now().getTime();
      const entry = entries.get(principalId);
      if (entry && now - entry.at < ttlMs) return entry.info;
      const info = load();
      entries.set(principalId, { at: now, info });
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
      info.catch(() => {
        if (entries.get(principalId)?.info === info) entries.delete(principalId);
      });
      return info;
    },
  };
}
