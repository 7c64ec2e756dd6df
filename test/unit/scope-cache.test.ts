// The per-instance caller -> scope memo behind cache keys: kept at most a minute, failures never kept.

import { describe, expect, it } from 'vitest';
import { createScopeCache } from '../../src/analytics/scope-cache.js';
import type { ScopeInfo } from '../../src/data/database.js';

function movableClock(start = Date.parse('2025-06-15T12:00:00Z')) {
  let now = start;
  return { clock: { now: () => new Date(now) }, advance: (ms: number) => (now += ms) };
}

const seattle: ScopeInfo = { principalId: 'p1', role: 'store_manager', storeIds: [1] };

describe('scope cache', () => {
  it('loads once per principal within the TTL, again after it, and never beyond 60 s', async () => {
    const { clock, advance } = movableClock();
    const cache = createScopeCache({ clock, ttlMs: 10 * 60_000 }); // asked for 10 minutes: capped at one
    let loads = 0;
    const load = async () => {
      loads++;
      return seattle;
    };
    await Promise.all([cache.resolve('p1', load), cache.resolve('p1', load)]);
    expect(loads).toBe(1);
    advance(59_000);
    await cache.resolve('p1', load);
    expect(loads).toBe(1);
    advance(2_000);
    await expect(cache.resolve('p1', load)).resolves.toEqual(seattle);
    expect(loads).toBe(2);
    await cache.resolve('p2', load);
    expect(loads).toBe(3);
  });

  it('does not keep a failed load', async () => {
    const { clock } = movableClock();
    const cache = createScopeCache({ clock });
    await expect(cache.resolve('p1', async () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    await expect(cache.resolve('p1', async () => seattle)).resolves.toEqual(seattle);
  });
});
