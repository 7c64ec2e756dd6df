// Redis-backed cache shared by every instance: JSON values with a TTL under a key prefix, single-flight per
// instance, and a bounded wait on every command. Redis down, slow or silent never fails a call: the value is
// computed without the cache, the outage is logged once (and its end once) and counted in stats.errors. The
// `redis` package is imported only when this backend is created, so cold starts without Redis never load it.

import type { Clock } from '../clock.js';
import { systemClock } from '../clock.js';
import type { Logger } from '../logger.js';
import { silentLogger } from '../logger.js';
import type { Cache, CacheLookup, CacheStats } from './cache.js';
import { SingleFlight } from './single-flight.js';

export interface RedisCacheOptions {
  /** redis:// or rediss:// URL (password and database index included). Never logged. */
  url: string;
  /** Put before every key: separates this product's entries (and their format version) from anything else. */
  keyPrefix?: string;
  /** Longest wait for any one command, and for a fresh connection on the first call. Default 150 ms. */
  timeoutMs?: number;
  /** A connection neither ready nor failed after this long (a server that accepts and stays silent) is abandoned. */
  connectTimeoutMs?: number;
  logger?: Logger;
  clock?: Clock;
}

export interface RedisCache extends Cache {
  readonly kind: 'redis';
  /** True once connected, false if not within `waitMs`. Calls never need it; start-up checks and tests may. */
  ready(waitMs: number): Promise<boolean>;
  /** Waits for the background writes started so far (each bounded by the command timeout). */
  drain(): Promise<void>;
}

export const DEFAULT_KEY_PREFIX = 'zava:v1:';
const DEFAULT_TIMEOUT_MS = 150;
const DEFAULT_CONNECT_TIMEOUT_MS = 2000;
/** Pause before trying again after a stalled connection, doubling up to the maximum while it keeps stalling. */
const STALL_BACKOFF_MIN_MS = 500;
const STALL_BACKOFF_MAX_MS = 10_000;

/** The few client calls this backend makes (node-redis 5+ API). */
interface RedisClientLike {
  readonly isReady: boolean;
  connect(): Promise<unknown>;
  get(key: string): Promise<string | null>;
  set(key: string, value: string, options: { expiration: { type: 'PX'; value: number } }): Promise<unknown>;
  close(): Promise<void>;
  destroy(): void;
  on(event: 'error', listener: (err: Error) => void): unknown;
  on(event: 'ready', listener: () => void): unknown;
}

type RedisModule = typeof import('redis');

/** One connection attempt and what became of it. */
interface Connection {
  client: RedisClientLike | undefined;
  /** Settles once: true when first ready, false on the first error or when abandoned. */
  settled: Promise<boolean>;
  outcome: boolean | undefined;
  decide(ok: boolean): void;
  /** A call already waited for this connection in vain; later calls do not wait for it again. */
  waitedOut: boolean;
  watchdog: NodeJS.Timeout | undefined;
}

/** What one computation (or one read) hands to everyone who shared it. */
interface Flight {
  value: unknown;
  /** The stored envelope text, so each sharer can get its own copy. */
  json: string | undefined;
  fromCache: boolean;
}

class CommandTimeout extends Error {
  override readonly name = 'CommandTimeout';
}

/** The stored form: an envelope, so a foreign or truncated value at one of our keys reads as a miss. */
const ENVELOPE_TAG = 'zava_cache';

function encode(value: unknown): string | undefined {
  try {
    // undefined inside the envelope is dropped by JSON; decode then sees no value and treats it as a miss.
    return JSON.stringify({ [ENVELOPE_TAG]: 1, value });
  } catch {
    return undefined; // BigInt, cycles
  }
}

function decode(json: string): { value: unknown } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const envelope = parsed as Record<string, unknown>;
  if (envelope[ENVELOPE_TAG] !== 1 || !('value' in envelope)) return undefined;
  return { value: envelope.value };
}

function bounded<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    // node-redis's own command timeout stops counting once a command is written, so a server that stops
    // answering would hold the caller forever: this timer covers the whole round trip.
    const timer = setTimeout(() => reject(new CommandTimeout(`Redis ${what} took longer than ${ms} ms`)), ms);
    timer.unref();
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

/** Resolves `fallback` after `ms` unless `promise` settles first (never rejects). */
function within<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  return bounded(promise, ms, 'wait').catch(() => fallback);
}

/** A short, secret-free description of a client error (Node's AggregateError for dual-stack connects has no message). */
function describe(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) return err.errors.map(describe).join('; ');
  if (err instanceof Error) return err.message || (err as NodeJS.ErrnoException).code || err.name;
  return String(err);
}

/** host:port/db of the URL, for logs: never the credentials. */
function target(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || '6379'}${u.pathname.length > 1 ? u.pathname : ''}`;
}

export function createRedisCache(options: RedisCacheOptions): RedisCache {
  const prefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const clock = options.clock ?? systemClock;
  const logger = (options.logger ?? silentLogger).child({ cache: 'redis', redis: target(options.url) });
  const stats: CacheStats = { hits: 0, misses: 0, errors: 0 };
  const flights = new SingleFlight<Flight>();
  const writes = new Set<Promise<void>>();
  let redisModule: Promise<RedisModule> | undefined;
  let conn: Connection | undefined;
  let closed = false;
  /** No new connection before this time (ms since epoch) after a stall. */
  let retryAt = 0;
  let backoffMs = 0;
  let outageSince: number | undefined;
  let warnedRefusal = false;
  /** Redis's own error replies, known once the module has loaded. */
  let errorReply: RedisModule['ErrorReply'] | undefined;

  const now = () => clock.now().getTime();

  function failure(err: unknown): void {
    if (outageSince !== undefined || closed) return;
    outageSince = now();
    logger.warn('Redis unavailable: computing without the cache until it is back', { error: describe(err) });
  }

  function recovered(): void {
    backoffMs = 0;
    if (outageSince === undefined) return;
    logger.info('Redis back: cache in use again', { down_ms: now() - outageSince });
    outageSince = undefined;
  }

  /** Abandons a connection that stopped answering (node-redis would wait on it forever) and pauses before the next. */
  function stall(c: Connection, err: unknown): void {
    if (conn !== c) return;
    failure(err);
    conn = undefined;
    c.decide(false);
    c.client?.destroy();
    backoffMs = Math.min(Math.max(STALL_BACKOFF_MIN_MS, backoffMs * 2), STALL_BACKOFF_MAX_MS);
    retryAt = now() + backoffMs;
  }

  function open(): Connection {
    let settle!: (ok: boolean) => void;
    const c: Connection = {
      client: undefined,
      settled: new Promise<boolean>((resolve) => {
        settle = resolve;
      }),
      outcome: undefined,
      decide: (ok) => {
        if (c.outcome !== undefined) return;
        c.outcome = ok;
        clearTimeout(c.watchdog);
        settle(ok);
      },
      waitedOut: false,
      watchdog: undefined,
    };
    (async () => {
      redisModule ??= import('redis');
      const { createClient, ErrorReply } = await redisModule;
      errorReply = ErrorReply;
      if (closed || conn !== c) return;
      const client: RedisClientLike = createClient({
        url: options.url,
        // Fail fast while disconnected instead of queueing commands for later.
        disableOfflineQueue: true,
        // Azure Cache for Redis drops connections idle for 10 minutes.
        pingInterval: 60_000,
        socket: {
          connectTimeout: connectTimeoutMs,
          // node-redis reconnects by itself: quickly at first, then every 2 s or so while Redis stays down.
          reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 2000) + Math.floor(Math.random() * 100),
        },
      });
      client.on('error', (err) => {
        if (conn !== c) return;
        c.decide(false);
        failure(err);
      });
      client.on('ready', () => {
        if (conn !== c) return;
        c.decide(true);
        recovered();
      });
      c.client = client;
      // Started after the import (slow on a cold start), so it times the connection only.
      c.watchdog = setTimeout(() => {
        if (c.outcome === undefined) stall(c, new Error(`no answer within ${connectTimeoutMs} ms of connecting`));
      }, connectTimeoutMs);
      c.watchdog.unref();
      await client.connect();
    })().catch((err: unknown) => {
      // Rejected when the client is destroyed while connecting (abandoned or closed), or the module failed to load.
      if (conn !== c) return;
      c.decide(false);
      failure(err);
    });
    return c;
  }

  /** The connection and client to read with right now, or undefined to go without the cache. */
  async function readable(): Promise<{ c: Connection; client: RedisClientLike } | undefined> {
    if (conn?.client?.isReady) return { c: conn, client: conn.client };
    if (now() < retryAt) return undefined;
    conn ??= open();
    const c = conn;
    // Known down (node-redis is reconnecting by itself) or already waited for: do not wait.
    if (c.outcome !== undefined || c.waitedOut) return undefined;
    // A fresh connection (cold start, or after abandoning a stalled one): wait for it, once and briefly.
    const ok = await within(c.settled, timeoutMs, false);
    if (ok && c.client?.isReady) return { c, client: c.client };
    c.waitedOut = true;
    return undefined;
  }

  function commandFailed(c: Connection, err: unknown): void {
    stats.errors++;
    if (err instanceof CommandTimeout) return stall(c, err);
    if (errorReply && err instanceof errorReply) {
      // Redis answered, with an error (WRONGTYPE at a foreign key, OOM under noeviction...): up, but refusing.
      if (!warnedRefusal) logger.warn('Redis refused a cache command', { error: describe(err) });
      warnedRefusal = true;
      return;
    }
    failure(err);
  }

  async function read(key: string): Promise<{ value: unknown; json: string } | undefined> {
    if (closed) return undefined;
    const use = await readable();
    if (!use) {
      stats.errors++;
      return undefined;
    }
    let raw: string | null;
    try {
      raw = await bounded(use.client.get(key), timeoutMs, 'GET');
    } catch (err) {
      commandFailed(use.c, err);
      return undefined;
    }
    recovered();
    if (raw === null) return undefined;
    const found = decode(raw);
    if (!found) {
      logger.debug('ignored a value that is not a cache entry', { key });
      return undefined;
    }
    return { value: found.value, json: raw };
  }

  /** Stores in the background: the answer never waits for it, and it is skipped while Redis is unavailable. */
  function write(key: string, json: string, ttlSeconds: number): void {
    const task = (async () => {
      let c = conn;
      if (closed || !c) return;
      // Only a fresh connection (the cold start's first answers) is worth waiting for, and only up to its deadline.
      if (!c.client?.isReady && c.outcome === undefined) await within(c.settled, connectTimeoutMs, false);
      c = conn;
      if (closed || !c?.client?.isReady || now() < retryAt) return;
      try {
        await bounded(c.client.set(key, json, { expiration: { type: 'PX', value: Math.max(1, Math.round(ttlSeconds * 1000)) } }), timeoutMs, 'SET');
        recovered();
      } catch (err) {
        commandFailed(c, err);
      }
    })();
    writes.add(task);
    void task.finally(() => writes.delete(task));
  }

  // Connect now, in the background: by the first tool call the connection is usually ready.
  conn = open();

  return {
    kind: 'redis',
    async getOrCompute<T>(key: string, ttlSeconds: number, compute: () => Promise<T>): Promise<CacheLookup<T>> {
      const fullKey = prefix + key;
      const caching = ttlSeconds > 0 && !closed;
      const { result, shared } = flights.run(fullKey, async (): Promise<Flight> => {
        if (caching) {
          const found = await read(fullKey);
          if (found) return { value: found.value, json: found.json, fromCache: true };
        }
        stats.misses++;
        const value = await compute();
        let json: string | undefined;
        if (caching) {
          json = encode(value);
          if (json === undefined) stats.errors++;
          else write(fullKey, json, ttlSeconds);
        }
        return { value, json, fromCache: false };
      });
      const flight = await result;
      if (!shared) {
        if (flight.fromCache) stats.hits++;
        return { value: flight.value as T, hit: flight.fromCache };
      }
      // Joined another call's read or computation: no extra work, and its own copy of the value.
      stats.hits++;
      const copy = flight.json === undefined ? undefined : decode(flight.json);
      return { value: (copy ? copy.value : flight.value) as T, hit: true };
    },
    stats: () => ({ ...stats }),
    async ready(waitMs: number): Promise<boolean> {
      const deadline = now() + waitMs;
      while (!closed) {
        if (conn?.client?.isReady) return true;
        const left = deadline - now();
        if (left <= 0) return false;
        if (!conn && now() >= retryAt) conn = open();
        await new Promise((r) => setTimeout(r, Math.min(20, left)));
      }
      return false;
    },
    async drain(): Promise<void> {
      await Promise.allSettled([...writes]);
    },
    async close(): Promise<void> {
      if (closed) return;
      await Promise.allSettled([...writes]);
      closed = true;
      const c = conn;
      conn = undefined;
      if (!c) return;
      c.decide(false);
      const client = c.client;
      if (!client) return;
      if (!client.isReady) return client.destroy();
      try {
        // QUIT after pending replies; a server that stopped answering gets the socket closed on it instead.
        await bounded(client.close(), Math.max(timeoutMs, 1000), 'close');
      } catch {
        client.destroy();
      }
    },
  };
}
