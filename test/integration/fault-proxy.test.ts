// The fault proxy itself: relays bytes, counts connections, cuts them all, refuses new ones for a while, answers
// with a PostgreSQL error. Against an echo server always; against the real PostgreSQL (through the Neon driver and
// the WebSocket bridge, as the server connects) when TEST_DATABASE_URL is set, where the failures it causes must
// be the transient ones the classifier knows.

import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPool, type OpenPool } from '../../src/data/connect.js';
import { classifyDatabaseError } from '../../src/data/transient-errors.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { adminUrl } from '../support/targets.js';

async function echoServer(): Promise<net.Server> {
  const server = net.createServer((socket) => {
    socket.on('error', () => socket.destroy()); // the proxy resets its side on cutAll
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

function connect(proxy: FaultProxy): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(proxy.port, proxy.host);
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

function roundTrip(socket: net.Socket, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    socket.once('data', (data) => resolve(data.toString()));
    socket.once('error', reject);
    socket.write(text);
  });
}

/** Resolves with the error (or 'closed') that ends the socket. */
function ending(socket: net.Socket): Promise<string> {
  return new Promise((resolve) => {
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    socket.once('close', () => resolve('closed'));
  });
}

describe('fault proxy over an echo server', () => {
  let upstream: net.Server;
  let proxy: FaultProxy;
  beforeAll(async () => {
    upstream = await echoServer();
    proxy = await startFaultProxy({ upstreamHost: '127.0.0.1', upstreamPort: (upstream.address() as AddressInfo).port });
  });
  afterAll(async () => {
    await proxy.close();
    await new Promise<void>((resolve) => upstream.close(() => resolve()));
  });

  it('relays bytes and counts connections', async () => {
    const before = proxy.accepted;
    const a = await connect(proxy);
    const b = await connect(proxy);
    expect(await roundTrip(a, 'hello')).toBe('hello');
    expect(await roundTrip(b, 'world')).toBe('world');
    expect(proxy.accepted - before).toBe(2);
    expect(proxy.open).toBe(2);
    a.destroy();
    b.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(proxy.open).toBe(0);
  });

  it('cutAll resets every relayed connection at once', async () => {
    const sockets = await Promise.all([connect(proxy), connect(proxy), connect(proxy)]);
    const ends = sockets.map(ending);
    await proxy.waitForOpen(3);
    expect(proxy.cutAll()).toBe(3);
    expect(await Promise.all(ends)).toEqual(['ECONNRESET', 'ECONNRESET', 'ECONNRESET']);
    expect(proxy.open).toBe(0);
    // New connections work straight away.
    const fresh = await connect(proxy);
    expect(await roundTrip(fresh, 'again')).toBe('again');
    fresh.destroy();
  });

  it('refuseFor (closed port) refuses for the window, then accepts on the same port', async () => {
    const existing = await connect(proxy);
    const existingEnd = ending(existing);
    await proxy.waitForOpen(1);
    const started = Date.now();
    const window = proxy.refuseFor(400);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(connect(proxy)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    // A restart ends the sessions that were open.
    expect(await existingEnd).toBe('ECONNRESET');
    await window;
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    const after = await connect(proxy);
    expect(await roundTrip(after, 'back')).toBe('back');
    after.destroy();
  });

  it('refuseFor (reset) accepts and resets, counted as refused', async () => {
    const refusedBefore = proxy.refused;
    const window = proxy.refuseFor(300, 'reset');
    const socket = net.connect(proxy.port, proxy.host);
    expect(await ending(socket)).toMatch(/ECONNRESET|closed/);
    expect(proxy.refused).toBe(refusedBefore + 1);
    await window;
  });

  it('answerWithError sends a PostgreSQL ErrorResponse after the startup packet', async () => {
    const window = proxy.answerWithError(300, { code: '57P03', message: 'the database system is starting up' });
    const socket = await connect(proxy);
    const startup = Buffer.alloc(8);
    startup.writeInt32BE(8, 0);
    startup.writeInt32BE(196608, 4); // protocol 3.0, no parameters
    const answer = await roundTrip(socket, startup.toString('latin1'));
    expect(answer[0]).toBe('E');
    expect(answer).toContain('C57P03');
    expect(answer).toContain('Mthe database system is starting up');
    socket.destroy();
    await window;
  });
});

const url = process.env.TEST_DATABASE_URL;

describe.skipIf(!url)('fault proxy in front of the real PostgreSQL (TEST_DATABASE_URL)', () => {
  let proxy: FaultProxy;
  let pool: OpenPool;
  let admin: OpenPool;

  beforeAll(async () => {
    const target = new URL(url as string);
    proxy = await startFaultProxy({ upstreamHost: target.hostname, upstreamPort: Number(target.port || 5432) });
    pool = await openPool({ kind: 'url', url: proxy.route(url as string), bridge: 'on', poolMax: 4 });
    admin = await openPool({ kind: 'url', url: adminUrl(url as string), bridge: 'on', poolMax: 1 });
    pool.pool.on('error', () => undefined);
  });
  afterAll(async () => {
    await pool.close();
    await admin.close();
    await proxy.close();
  });

  async function failure(run: () => Promise<unknown>): Promise<unknown> {
    try {
      await run();
    } catch (error) {
      return error;
    }
    throw new Error('expected a failure');
  }

  it('pg_terminate_backend mid-query: 57P01, transient; the proxy counted the connection', async () => {
    const client = await pool.pool.connect();
    client.on('error', () => undefined);
    const { pid } = (await client.query('SELECT pg_backend_pid() AS pid')).rows[0] as { pid: number };
    expect(proxy.open).toBeGreaterThanOrEqual(1);
    const running = failure(() => client.query('SELECT pg_sleep(5)'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await admin.pool.query('SELECT pg_terminate_backend($1)', [pid]);
    const error = await running;
    expect(error).toMatchObject({ code: '57P01' });
    expect(classifyDatabaseError(error)).toEqual({ transient: true, reason: 'server-shutdown' });
    expect(classifyDatabaseError(await failure(() => client.query('SELECT 1')))).toMatchObject({ transient: true });
    client.release(true);
  });

  it('cut mid-query and refused connects: transient', async () => {
    const client = await pool.pool.connect();
    client.on('error', () => undefined);
    const running = failure(() => client.query('SELECT pg_sleep(5)'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(proxy.cutAll()).toBeGreaterThanOrEqual(1);
    expect(classifyDatabaseError(await running)).toEqual({ transient: true, reason: 'network' });
    client.release(true);

    const window = proxy.refuseFor(500);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(classifyDatabaseError(await failure(() => pool.pool.query('SELECT 1')))).toMatchObject({ transient: true });
    await window;
    expect((await pool.pool.query('SELECT 1 AS one')).rows[0]).toEqual({ one: 1 });
  });

  it('a server starting up and Neon proxy failures, through the real driver', async () => {
    // Only new connections get the error: drop the pooled ones first.
    proxy.cutAll();
    await new Promise((resolve) => setTimeout(resolve, 100));
    let window = proxy.answerWithError(300, { code: '57P03', message: 'the database system is starting up' });
    expect(classifyDatabaseError(await failure(() => pool.pool.query('SELECT 1')))).toEqual({ transient: true, reason: 'server-starting' });
    await window;
    window = proxy.answerWithError(300, { code: 'XX000', message: "Couldn't connect to compute node", severity: 'ERROR' });
    expect(classifyDatabaseError(await failure(() => pool.pool.query('SELECT 1')))).toEqual({ transient: true, reason: 'compute-waking' });
    await window;
  });
});
