// The Redis cache against real Redis servers: the shared one on 127.0.0.1:6379 (database 9, a prefix per run) for
// sharing, TTL and single-flight, and our own redis-server child processes for the faults: killed, frozen
// (SIGSTOP), password-protected, and a TCP server that accepts and never answers. A fault changes nothing but speed.

import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cache } from '../../src/platform/cache/cache.js';
import { createCache } from '../../src/platform/cache/create-cache.js';
import { createRedisCache, type RedisCache, type RedisCacheOptions } from '../../src/platform/cache/redis-cache.js';
import { loadConfig } from '../../src/platform/config.js';
import { createLogger, type LogLevel, redact } from '../../src/platform/logger.js';

const SHARED_URL = 'redis://127.0.0.1:6379/9';
const RUN_PREFIX = `zava:test:${process.pid}:${Date.now()}:`;

interface LogLine {
  level: LogLevel;
  msg: string;
  raw: string;
}

function captureLogs() {
  const lines: LogLine[] = [];
  const logger = createLogger({
    level: 'debug',
    sink: (raw, level) => lines.push({ level, msg: (JSON.parse(raw) as { msg: string }).msg, raw }),
  });
  return { logger, lines, at: (level: LogLevel) => lines.filter((l) => l.level === level) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/** Our own redis-server on `port` (no persistence), ready to answer. */
async function startRedis(port: number, extraArgs: string[] = []): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extraArgs], {
    stdio: 'ignore',
  });
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (await answersPing(port)) return child;
    await sleep(25);
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server on port ${port} did not start`);
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.on('error', () => done(false));
    // +PONG, or -NOAUTH from a password-protected server: either way it is up.
    socket.on('data', (d) => done(/^[+-]/.test(d.toString())));
    socket.on('connect', () => socket.write('PING\r\n'));
  });
}

async function stopRedis(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

/** A plain client for arranging and inspecting what is stored (not the code under test). */
async function rawClient(url: string) {
  const client = createClient({ url });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** A compute function that says how often it ran. */
function counted<T>(make: (run: number) => T) {
  let runs = 0;
  return { compute: async () => make(++runs), runs: () => runs };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await fn();
  return { result, ms: performance.now() - started };
}

const opened: Cache[] = [];
function redisCache(options: Partial<RedisCacheOptions> & { prefix?: string } = {}): RedisCache {
  const { prefix, ...rest } = options;
  const cache = createRedisCache({ url: SHARED_URL, keyPrefix: RUN_PREFIX + (prefix ?? ''), ...rest });
  opened.push(cache);
  return cache;
}

let admin: Awaited<ReturnType<typeof rawClient>>;

beforeAll(async () => {
  admin = await rawClient(SHARED_URL);
});

afterAll(async () => {
  for (const cache of opened) await cache.close();
  const keys: string[] = [];
  for await (const batch of admin.scanIterator({ MATCH: `${RUN_PREFIX}*`, COUNT: 500 })) keys.push(...batch);
  if (keys.length > 0) await admin.del(keys);
  await admin.close();
});

describe('Redis cache on the shared Redis', () => {
  it('serves the second call from Redis, stored as a JSON envelope with the TTL', async () => {
    const cache = redisCache({ prefix: 'hit:' });
    expect(await cache.ready(5000)).toBe(true);
    const figures = counted((run) => ({ revenue: 1234.56, orders: 7, computed_at: `run ${run}`, stores: [1, 2] }));

    expect(await cache.getOrCompute('k', 60, figures.compute)).toEqual({
      value: { revenue: 1234.56, orders: 7, computed_at: 'run 1', stores: [1, 2] },
      hit: false,
    });
    await cache.drain();
    const second = await cache.getOrCompute('k', 60, figures.compute);
    expect(second).toEqual({ value: { revenue: 1234.56, orders: 7, computed_at: 'run 1', stores: [1, 2] }, hit: true });
    expect(figures.runs()).toBe(1);
    expect(cache.stats()).toEqual({ hits: 1, misses: 1, errors: 0 });

    const stored = await admin.get(`${RUN_PREFIX}hit:k`);
    expect(JSON.parse(stored ?? 'null')).toEqual({ zava_cache: 1, value: second.value });
    const ttl = await admin.pTTL(`${RUN_PREFIX}hit:k`);
    expect(ttl).toBeGreaterThan(55_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('shares entries between two instances ("runtimes") and keeps different keys apart', async () => {
    const first = redisCache({ prefix: 'share:' });
    const second = redisCache({ prefix: 'share:' });
    await Promise.all([first.ready(5000), second.ready(5000)]);
    const seattle = counted((run) => ({ scope: 'store_manager:1', run }));
    const regional = counted((run) => ({ scope: 'regional:1,2,3', run }));

    await first.getOrCompute('tool|store_manager|1', 60, seattle.compute);
    await first.drain();
    expect(await second.getOrCompute('tool|store_manager|1', 60, seattle.compute)).toEqual({
      value: { scope: 'store_manager:1', run: 1 },
      hit: true,
    });
    // Another key (another scope) never sees that entry, on either instance.
    expect(await second.getOrCompute('tool|regional|1,2,3', 60, regional.compute)).toEqual({
      value: { scope: 'regional:1,2,3', run: 1 },
      hit: false,
    });
    await second.drain();
    expect((await first.getOrCompute('tool|regional|1,2,3', 60, regional.compute)).value).toEqual({ scope: 'regional:1,2,3', run: 1 });
    expect(seattle.runs()).toBe(1);
    expect(regional.runs()).toBe(1);
  });

  it('keeps key prefixes (namespaces) apart on one Redis', async () => {
    const a = redisCache({ prefix: 'ns-a:' });
    const b = redisCache({ prefix: 'ns-b:' });
    await Promise.all([a.ready(5000), b.ready(5000)]);
    await a.getOrCompute('same-key', 60, async () => 'from a');
    await a.drain();
    expect(await b.getOrCompute('same-key', 60, async () => 'from b')).toEqual({ value: 'from b', hit: false });
  });

  it('expires entries after their TTL', async () => {
    const cache = redisCache({ prefix: 'ttl:' });
    await cache.ready(5000);
    const c = counted((run) => run);
    await cache.getOrCompute('k', 0.4, c.compute);
    await cache.drain();
    expect(await cache.getOrCompute('k', 0.4, c.compute)).toEqual({ value: 1, hit: true });
    await sleep(600);
    expect(await cache.getOrCompute('k', 0.4, c.compute)).toEqual({ value: 2, hit: false });
  });

  it('computes once for concurrent identical misses on one instance, and each caller gets its own copy', async () => {
    const cache = redisCache({ prefix: 'flight:' });
    await cache.ready(5000);
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const compute = async () => {
      runs++;
      await gate;
      return { total: 99, list: [1] };
    };
    const calls = Array.from({ length: 10 }, () => cache.getOrCompute('k', 60, compute));
    await sleep(50);
    release();
    const results = await Promise.all(calls);
    expect(runs).toBe(1);
    expect(results.filter((r) => !r.hit)).toHaveLength(1);
    expect(results.every((r) => r.value.total === 99)).toBe(true);
    results[1]!.value.list.push(2);
    expect(results[2]!.value.list).toEqual([1]);
    expect(cache.stats()).toEqual({ hits: 9, misses: 1, errors: 0 });
  });

  it('does not cache failures: the next call computes again', async () => {
    const cache = redisCache({ prefix: 'fail:' });
    await cache.ready(5000);
    await expect(cache.getOrCompute('k', 60, async () => Promise.reject(new Error('query failed')))).rejects.toThrow('query failed');
    await cache.drain();
    expect(await admin.exists(`${RUN_PREFIX}fail:k`)).toBe(0);
    expect(await cache.getOrCompute('k', 60, async () => 'ok')).toEqual({ value: 'ok', hit: false });
  });

  it('treats a corrupt or foreign value at its key as a miss and replaces it', async () => {
    const cache = redisCache({ prefix: 'foreign:' });
    await cache.ready(5000);
    await admin.set(`${RUN_PREFIX}foreign:text`, 'not json at all');
    await admin.set(`${RUN_PREFIX}foreign:json`, JSON.stringify({ revenue: 1 }));
    await admin.set(`${RUN_PREFIX}foreign:truncated`, '{"zava_cache":1,"value":{"rev');
    await admin.hSet(`${RUN_PREFIX}foreign:hash`, 'field', 'value');
    for (const key of ['text', 'json', 'truncated', 'hash']) {
      expect(await cache.getOrCompute(key, 60, async () => `computed ${key}`)).toEqual({ value: `computed ${key}`, hit: false });
      await cache.drain();
      expect(await cache.getOrCompute(key, 60, async () => 'again')).toEqual({ value: `computed ${key}`, hit: true });
    }
    // The hash answered GET with WRONGTYPE: Redis is up, so that is one counted refusal, not an outage.
    expect(cache.stats().errors).toBe(1);
  });

  it('with TTL 0 neither reads nor writes Redis', async () => {
    const cache = redisCache({ prefix: 'ttl0:' });
    await cache.ready(5000);
    const c = counted((run) => run);
    await cache.getOrCompute('k', 0, c.compute);
    await cache.drain();
    expect(await cache.getOrCompute('k', 0, c.compute)).toEqual({ value: 2, hit: false });
    expect(await admin.exists(`${RUN_PREFIX}ttl0:k`)).toBe(0);
  });
});

describe('Redis cache faults (our own redis-server processes)', () => {
  const children: ChildProcess[] = [];
  const servers: net.Server[] = [];
  afterAll(async () => {
    for (const child of children) {
      if (child.signalCode === 'SIGSTOP') child.kill('SIGCONT');
      await stopRedis(child);
    }
    for (const server of servers) server.close();
  });

  it('Redis stopped mid-test changes nothing but speed; it is used again once restarted', async () => {
    const port = await freePort();
    children.push(await startRedis(port));
    const logs = captureLogs();
    const cache = createRedisCache({ url: `redis://127.0.0.1:${port}`, timeoutMs: 150, logger: logs.logger });
    opened.push(cache);
    expect(await cache.ready(5000)).toBe(true);

    const figures = (key: string) => ({ key, revenue: key.length * 100 });
    await cache.getOrCompute('before', 60, async () => figures('before'));
    await cache.drain();
    expect((await cache.getOrCompute('before', 60, async () => figures('before'))).hit).toBe(true);

    await stopRedis(children.pop()!);
    const during: number[] = [];
    for (let i = 0; i < 20; i++) {
      const key = i % 2 === 0 ? 'before' : `during-${i}`;
      const { result, ms } = await timed(() => cache.getOrCompute(key, 60, async () => figures(key)));
      expect(result).toEqual({ value: figures(key), hit: false });
      during.push(ms);
      await sleep(25);
    }
    expect(Math.max(...during)).toBeLessThan(1000);
    // Fail fast once the client knows: at most the first call or two wait for the bound.
    expect(during.filter((ms) => ms > 100).length).toBeLessThanOrEqual(2);
    expect(cache.stats().errors).toBeGreaterThanOrEqual(20);
    expect(logs.at('warn').map((l) => l.msg)).toEqual(['Redis unavailable: computing without the cache until it is back']);
    expect(logs.at('error')).toEqual([]);

    children.push(await startRedis(port));
    expect(await cache.ready(10_000)).toBe(true);
    // The restarted server kept nothing (no persistence): recomputed once, then served from Redis again.
    expect(await cache.getOrCompute('before', 60, async () => ({ ...figures('before'), fresh: true }))).toEqual({
      value: { ...figures('before'), fresh: true },
      hit: false,
    });
    await cache.drain();
    expect((await cache.getOrCompute('before', 60, async () => figures('x'))).hit).toBe(true);
    expect(logs.at('info').map((l) => l.msg)).toEqual(['Redis back: cache in use again']);
    expect(logs.at('warn')).toHaveLength(1);
  });

  it('a frozen Redis (SIGSTOP) costs each call at most the timeout, then nothing; thawed, it is used again', async () => {
    const port = await freePort();
    const child = await startRedis(port);
    children.push(child);
    const logs = captureLogs();
    const cache = createRedisCache({ url: `redis://127.0.0.1:${port}`, timeoutMs: 100, logger: logs.logger });
    opened.push(cache);
    expect(await cache.ready(5000)).toBe(true);
    await cache.getOrCompute('k', 60, async () => 'v1');
    await cache.drain();

    child.kill('SIGSTOP');
    const during: number[] = [];
    for (let i = 0; i < 15; i++) {
      const { result, ms } = await timed(() => cache.getOrCompute('k', 60, async () => `computed ${i}`));
      expect(result).toEqual({ value: `computed ${i}`, hit: false });
      during.push(ms);
      await sleep(50);
    }
    // Each call is bounded by the 100 ms command timeout (plus scheduling); after a stall the cache waits out a
    // back-off without touching Redis at all.
    expect(Math.max(...during)).toBeLessThan(400);
    expect(during.filter((ms) => ms < 50).length).toBeGreaterThan(5);
    expect(logs.at('warn')).toHaveLength(1);
    expect(cache.stats().errors).toBeGreaterThanOrEqual(15);

    child.kill('SIGCONT');
    expect(await cache.ready(10_000)).toBe(true);
    await cache.drain();
    // Served from Redis again: the first value, or a later one whose write was queued when Redis froze.
    const after = await cache.getOrCompute('k', 60, async () => 'after');
    expect(after.hit).toBe(true);
    expect(after.value).toMatch(/^(v1|computed \d+)$/);
    expect(logs.at('info').map((l) => l.msg)).toEqual(['Redis back: cache in use again']);
  });

  it('a server that accepts connections and never answers: every call is bounded, one warning', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => void sockets.push(socket));
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    servers.push(silent);
    const { port } = silent.address() as net.AddressInfo;
    const logs = captureLogs();
    const cache = createRedisCache({ url: `redis://127.0.0.1:${port}`, timeoutMs: 100, connectTimeoutMs: 400, logger: logs.logger });
    opened.push(cache);

    const during: number[] = [];
    const started = Date.now();
    for (let i = 0; Date.now() - started < 2500; i++) {
      const { result, ms } = await timed(() => cache.getOrCompute(`k${i % 3}`, 60, async () => i));
      expect(result).toEqual({ value: i, hit: false });
      during.push(ms);
      await sleep(20);
    }
    expect(sockets.length).toBeGreaterThanOrEqual(1);
    expect(Math.max(...during)).toBeLessThan(400);
    // Only the first call on each fresh connection waits (up to 100 ms); the rest go straight to compute.
    expect(during.filter((ms) => ms > 50).length).toBeLessThanOrEqual(sockets.length + 1);
    expect(during.filter((ms) => ms > 50).length).toBeLessThan(during.length / 4);
    expect(cache.stats().errors).toBe(during.length);
    expect(logs.at('warn')).toHaveLength(1);
    const closing = timed(() => cache.close());
    expect((await closing).ms).toBeLessThan(1000);
    for (const socket of sockets) socket.destroy();
  });

  it('never logs the password of a Redis URL, even when the password is wrong', async () => {
    const port = await freePort();
    children.push(await startRedis(port, ['--requirepass', 'correct-horse-battery']));
    const good = captureLogs();
    const cache = createRedisCache({ url: `redis://:correct-horse-battery@127.0.0.1:${port}/2`, logger: good.logger });
    opened.push(cache);
    expect(await cache.ready(5000)).toBe(true);
    await cache.getOrCompute('k', 60, async () => 1);
    await cache.drain();
    expect((await cache.getOrCompute('k', 60, async () => 2)).hit).toBe(true);

    const bad = captureLogs();
    const wrong = createRedisCache({ url: `redis://default:wrong-secret-pw@127.0.0.1:${port}`, logger: bad.logger });
    opened.push(wrong);
    expect(await wrong.ready(500)).toBe(false);
    expect(await wrong.getOrCompute('k', 60, async () => 'computed')).toEqual({ value: 'computed', hit: false });
    expect(bad.at('warn')).toHaveLength(1);

    await stopRedis(children.pop()!);
    await cache.getOrCompute('k', 60, async () => 3);
    expect(good.at('warn')).toHaveLength(1);

    const all = [...good.lines, ...bad.lines].map((l) => l.raw).join('\n');
    expect(all).toContain(`127.0.0.1:${port}/2`);
    expect(all).not.toContain('correct-horse-battery');
    expect(all).not.toContain('wrong-secret-pw');
    // And the logger masks a Redis URL that someone logs by mistake.
    expect(redact('{"url":"rediss://default:k3y/+=@zava.redis.cache.windows.net:6380"}')).not.toContain('k3y');
    expect(redact('redis://:k3y@127.0.0.1:6379/0')).not.toContain('k3y');
  });

  it('close() quits cleanly: the connection is gone from the server, and closing while Redis is down is prompt', async () => {
    const port = await freePort();
    const child = await startRedis(port);
    children.push(child);
    const probe = await rawClient(`redis://127.0.0.1:${port}`);
    const clients = async () => Number(/connected_clients:(\d+)/.exec(await probe.info('clients'))?.[1]);
    const cache = createRedisCache({ url: `redis://127.0.0.1:${port}` });
    expect(await cache.ready(5000)).toBe(true);
    await cache.getOrCompute('k', 60, async () => 'v');
    expect(await clients()).toBe(2);
    await cache.close();
    await sleep(50);
    expect(await clients()).toBe(1);
    // After close: still answers (computes), never touches Redis.
    expect(await cache.getOrCompute('k', 60, async () => 'after close')).toEqual({ value: 'after close', hit: false });
    await probe.close();

    const down = createRedisCache({ url: `redis://127.0.0.1:${await freePort()}` });
    await down.getOrCompute('k', 60, async () => 1);
    expect((await timed(() => down.close())).ms).toBeLessThan(1000);
  });
});

describe('createCache', () => {
  it('picks memory by default, Redis when REDIS_URL is set, and nothing when CACHE_TTL_SECONDS=0', async () => {
    const memory = createCache(loadConfig({}));
    expect(memory.kind).toBe('memory');
    const redis = createCache(loadConfig({ REDIS_URL: SHARED_URL }), { keyPrefix: `${RUN_PREFIX}factory:` });
    opened.push(redis);
    expect(redis.kind).toBe('redis');
    const off = createCache(loadConfig({ REDIS_URL: SHARED_URL, CACHE_TTL_SECONDS: '0' }));
    expect(off.kind).toBe('none');
    let runs = 0;
    await off.getOrCompute('k', 300, async () => ++runs);
    expect(await off.getOrCompute('k', 300, async () => ++runs)).toEqual({ value: 2, hit: false });
    expect(off.stats()).toEqual({ hits: 0, misses: 2, errors: 0 });

    await memory.getOrCompute('k', 300, async () => 'm');
    expect(await memory.getOrCompute('k', 300, async () => 'x')).toEqual({ value: 'm', hit: true });
  });

  it('validates the cache settings, naming the variable and never echoing the URL', () => {
    const config = loadConfig({});
    expect([config.CACHE_TTL_SECONDS, config.REDIS_TIMEOUT_MS, config.CACHE_MAX_ENTRIES, config.REDIS_URL]).toEqual([300, 150, 1000, undefined]);
    expect(() => loadConfig({ REDIS_URL: 'http://user:hunter2@cache.example' })).toThrow(/REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/);
    expect(() => loadConfig({ REDIS_URL: 'http://user:hunter2@cache.example' })).not.toThrow(/hunter2/);
    expect(() => loadConfig({ CACHE_TTL_SECONDS: '-1' })).toThrow(/CACHE_TTL_SECONDS/);
    expect(() => loadConfig({ REDIS_TIMEOUT_MS: 'soon' })).toThrow(/REDIS_TIMEOUT_MS/);
    expect(() => loadConfig({ CACHE_MAX_ENTRIES: '0' })).toThrow(/CACHE_MAX_ENTRIES/);
    expect(loadConfig({ REDIS_URL: 'rediss://default:key@zava.redis.cache.windows.net:6380' }).REDIS_URL).toMatch(/^rediss:/);
  });
});
