// The in-memory cache's contract: TTL on an injected clock, single-flight (also when compute fails), no cached
// failures, bounded size with least-recently-used eviction, copies rather than shared objects, and honest stats.

import { describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../src/platform/cache/memory-cache.js';
import type { Clock } from '../../src/platform/clock.js';

/** A clock that only moves when the test says so. */
function manualClock(start = '2026-01-15T12:00:00.000Z'): Clock & { advance(ms: number): void } {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    advance: (ms) => {
      now += ms;
    },
  };
}

/** A compute function that counts its runs and resolves (or rejects) only when told. */
function gate<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  let runs = 0;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return {
    compute: () => {
      runs++;
      return promise;
    },
    resolve,
    reject,
    runs: () => runs,
  };
}

const counter = () => {
  let runs = 0;
  return {
    compute: async () => ({ run: ++runs }),
    runs: () => runs,
  };
};

describe('memory cache', () => {
  it('serves the second identical call from the cache and keeps keys apart', async () => {
    const cache = createMemoryCache();
    const a = counter();
    expect(await cache.getOrCompute('k1', 60, a.compute)).toEqual({ value: { run: 1 }, hit: false });
    expect(await cache.getOrCompute('k1', 60, a.compute)).toEqual({ value: { run: 1 }, hit: true });
    expect(await cache.getOrCompute('k2', 60, a.compute)).toEqual({ value: { run: 2 }, hit: false });
    expect(a.runs()).toBe(2);
    expect(cache.stats()).toEqual({ hits: 1, misses: 2, errors: 0 });
    expect(cache.kind).toBe('memory');
  });

  it('expires an entry exactly when its TTL has passed on the injected clock', async () => {
    const clock = manualClock();
    const cache = createMemoryCache({ clock });
    const a = counter();
    await cache.getOrCompute('k', 10, a.compute);
    clock.advance(9_999);
    expect((await cache.getOrCompute('k', 10, a.compute)).hit).toBe(true);
    clock.advance(1);
    const expired = await cache.getOrCompute('k', 10, a.compute);
    expect(expired).toEqual({ value: { run: 2 }, hit: false });
    // The recomputed value starts a fresh TTL.
    clock.advance(9_999);
    expect(await cache.getOrCompute('k', 10, a.compute)).toEqual({ value: { run: 2 }, hit: true });
  });

  it('measures the TTL from when the value was computed, not from when the call started', async () => {
    const clock = manualClock();
    const cache = createMemoryCache({ clock });
    const g = gate<string>();
    const first = cache.getOrCompute('k', 10, g.compute);
    clock.advance(5_000); // a slow computation
    g.resolve('v');
    await first;
    clock.advance(9_000);
    expect(await cache.getOrCompute('k', 10, async () => 'other')).toEqual({ value: 'v', hit: true });
  });

  it('computes once for concurrent identical misses and gives every caller the value', async () => {
    const cache = createMemoryCache();
    const g = gate<{ total: number }>();
    const calls = Array.from({ length: 10 }, () => cache.getOrCompute('k', 60, g.compute));
    const other = cache.getOrCompute('other', 60, async () => ({ total: -1 }));
    g.resolve({ total: 42 });
    const results = await Promise.all(calls);
    expect(g.runs()).toBe(1);
    expect(results.map((r) => r.value)).toEqual(Array(10).fill({ total: 42 }));
    expect(results.filter((r) => !r.hit)).toHaveLength(1);
    expect((await other).value).toEqual({ total: -1 });
    expect(cache.stats()).toEqual({ hits: 9, misses: 2, errors: 0 });
  });

  it('rejects every single-flight waiter with the failure, caches nothing, and recomputes on the next call', async () => {
    const cache = createMemoryCache();
    const g = gate<string>();
    const calls = Array.from({ length: 5 }, () => cache.getOrCompute('k', 60, g.compute));
    g.reject(new Error('database timeout'));
    const settled = await Promise.allSettled(calls);
    expect(g.runs()).toBe(1);
    expect(settled.every((s) => s.status === 'rejected' && (s.reason as Error).message === 'database timeout')).toBe(true);
    // A failed computation is not a hit for anyone.
    expect(cache.stats()).toEqual({ hits: 0, misses: 1, errors: 0 });

    const next = await cache.getOrCompute('k', 60, async () => 'recovered');
    expect(next).toEqual({ value: 'recovered', hit: false });
    expect(await cache.getOrCompute('k', 60, async () => 'not again')).toEqual({ value: 'recovered', hit: true });
  });

  it('does not cache a compute function that throws synchronously', async () => {
    const cache = createMemoryCache();
    const thrower = (): Promise<string> => {
      throw new Error('sync boom');
    };
    await expect(cache.getOrCompute('k', 60, thrower)).rejects.toThrow('sync boom');
    expect(await cache.getOrCompute('k', 60, async () => 'fine')).toEqual({ value: 'fine', hit: false });
  });

  it('evicts the least recently used entry beyond maxEntries', async () => {
    const cache = createMemoryCache({ maxEntries: 3 });
    const a = counter();
    for (const key of ['a', 'b', 'c']) await cache.getOrCompute(key, 60, a.compute);
    await cache.getOrCompute('a', 60, a.compute); // 'a' is now the most recently used
    await cache.getOrCompute('d', 60, a.compute); // evicts 'b'
    expect(a.runs()).toBe(4);
    expect((await cache.getOrCompute('a', 60, a.compute)).hit).toBe(true);
    expect((await cache.getOrCompute('c', 60, a.compute)).hit).toBe(true);
    expect((await cache.getOrCompute('d', 60, a.compute)).hit).toBe(true);
    expect(await cache.getOrCompute('b', 60, a.compute)).toEqual({ value: { run: 5 }, hit: false });
  });

  it('holds at most maxEntries entries under a stream of distinct keys', async () => {
    const cache = createMemoryCache({ maxEntries: 50 });
    for (let i = 0; i < 500; i++) await cache.getOrCompute(`k${i}`, 60, async () => i);
    // The newest 50 are resident (reading them inserts nothing)...
    for (let i = 499; i >= 450; i--) expect(await cache.getOrCompute(`k${i}`, 60, async () => -1)).toEqual({ value: i, hit: true });
    // ...and the one just before them is gone.
    expect(await cache.getOrCompute('k449', 60, async () => -1)).toEqual({ value: -1, hit: false });
  });

  it('does not store anything when the TTL is 0', async () => {
    const cache = createMemoryCache();
    const a = counter();
    await cache.getOrCompute('k', 0, a.compute);
    expect(await cache.getOrCompute('k', 0, a.compute)).toEqual({ value: { run: 2 }, hit: false });
  });

  it('hands out copies: a caller mutating its answer cannot change what the next caller gets', async () => {
    const cache = createMemoryCache();
    const first = await cache.getOrCompute('k', 60, async () => ({ revenue: 100, stores: [1, 2] }));
    first.value.revenue = 0;
    first.value.stores.push(99);
    const second = await cache.getOrCompute('k', 60, async () => ({ revenue: -1, stores: [] }));
    expect(second).toEqual({ value: { revenue: 100, stores: [1, 2] }, hit: true });
    second.value.stores.length = 0;
    expect((await cache.getOrCompute('k', 60, async () => ({ revenue: -1, stores: [] }))).value.stores).toEqual([1, 2]);
  });

  it('returns a value it cannot serialize uncached and counts the error', async () => {
    const cache = createMemoryCache();
    const first = await cache.getOrCompute('k', 60, async () => ({ big: 10n }));
    expect(first).toEqual({ value: { big: 10n }, hit: false });
    expect((await cache.getOrCompute('k', 60, async () => ({ big: 11n }))).value).toEqual({ big: 11n });
    expect(cache.stats()).toEqual({ hits: 0, misses: 2, errors: 2 });
  });

  it('reports stats as a snapshot and forgets everything on close', async () => {
    const cache = createMemoryCache();
    const snapshot = cache.stats();
    await cache.getOrCompute('k', 60, async () => 1);
    expect(snapshot).toEqual({ hits: 0, misses: 0, errors: 0 });
    await cache.close();
    expect(await cache.getOrCompute('k', 60, async () => 2)).toEqual({ value: 2, hit: false });
  });

  it('refuses a bound below one entry', () => {
    expect(() => createMemoryCache({ maxEntries: 0 })).toThrow(/maxEntries/);
  });
});
