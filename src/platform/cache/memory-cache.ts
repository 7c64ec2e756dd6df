// In-memory TTL cache with single-flight: the default, per instance, bounded by entry count (least recently used
// goes first). Entries are stored as JSON text, so every hit is a fresh copy and the memory and Redis backends
// behave the same (a caller mutating its answer cannot change the next caller's; a Date comes back as a string).

import type { Clock } from '../clock.js';
import { systemClock } from '../clock.js';
import type { Cache, CacheLookup, CacheStats } from './cache.js';
import { SingleFlight } from './single-flight.js';

interface Entry {
  json: string;
  expiresAt: number;
}

/** What one computation hands to everyone who shared it: the value, and its stored text when it was stored. */
interface Flight {
  value: unknown;
  json: string | undefined;
}

export interface MemoryCacheOptions {
  /** The least recently used entries are evicted beyond this many. Default 1000. */
  maxEntries?: number;
  clock?: Clock;
}

export function createMemoryCache(options: MemoryCacheOptions = {}): Cache {
  const maxEntries = options.maxEntries ?? 1000;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError(`maxEntries must be a positive integer, got ${maxEntries}`);
  const clock = options.clock ?? systemClock;
  const entries = new Map<string, Entry>();
  const flights = new SingleFlight<Flight>();
  const stats: CacheStats = { hits: 0, misses: 0, errors: 0 };

  const store = (key: string, value: unknown, ttlSeconds: number): string | undefined => {
    if (!(ttlSeconds > 0)) return undefined;
    let json: string | undefined;
    try {
      json = JSON.stringify(value);
    } catch {
      json = undefined; // BigInt, cycles: a programming error upstream, but never the caller's failure
    }
    if (json === undefined) {
      stats.errors++;
      return undefined;
    }
    entries.delete(key);
    entries.set(key, { json, expiresAt: clock.now().getTime() + ttlSeconds * 1000 });
    while (entries.size > maxEntries) {
      const oldest = entries.keys().next();
      if (oldest.done) break;
      entries.delete(oldest.value);
    }
    return json;
  };

  return {
    kind: 'memory',
    async getOrCompute<T>(key: string, ttlSeconds: number, compute: () => Promise<T>): Promise<CacheLookup<T>> {
      const entry = entries.get(key);
      if (entry) {
        entries.delete(key);
        if (entry.expiresAt > clock.now().getTime()) {
          entries.set(key, entry); // most recently used now
          stats.hits++;
          return { value: JSON.parse(entry.json) as T, hit: true };
        }
      }
      const { result, shared } = flights.run(key, async () => {
        stats.misses++;
        const value = await compute();
        return { value, json: store(key, value, ttlSeconds) };
      });
      const flight = await result;
      if (!shared) return { value: flight.value as T, hit: false };
      // Joined someone else's computation: no extra work, so a hit, with its own copy when there is one.
      stats.hits++;
      return { value: (flight.json === undefined ? flight.value : JSON.parse(flight.json)) as T, hit: true };
    },
    stats: () => ({ ...stats }),
    close: async () => {
      entries.clear();
    },
  };
}
