// A TCP proxy of the tests' own between the server and PostgreSQL that injects the faults a serverless database
// really has: every connection cut at once, new connections refused for a while (a Neon compute restart), or
// answered with a PostgreSQL error (the database starting up, Neon's proxy failing to reach the compute).

import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface FaultProxyOptions {
  /** Where PostgreSQL listens. */
  upstreamHost: string;
  upstreamPort: number;
  /** Listening port on 127.0.0.1; 0 picks a free one. */
  port?: number;
}

/** How refused connections fail: the port closed (ECONNREFUSED), or accepted then reset (ECONNRESET). */
export type RefusalMode = 'closed-port' | 'reset';

export interface FaultProxy {
  readonly host: string;
  readonly port: number;
  /** Connections accepted and relayed since start (refused ones are not counted here). */
  readonly accepted: number;
  /** Connections relayed right now. */
  readonly open: number;
  /** Connection attempts turned away by refuseFor or answerWithError. */
  readonly refused: number;
  /** Resolves once at least `count` connections are being relayed (a client's connect can finish first). */
  waitForOpen(count: number, timeoutMs?: number): Promise<void>;
  /** Rewrites a postgresql:// URL so it reaches the database through this proxy. */
  route(url: string): string;
  /** Destroys every relayed connection now (both directions, with a TCP reset). Returns how many were cut. */
  cutAll(): number;
  /** Turns new connections away for `ms` milliseconds; resolves when the proxy accepts again. */
  refuseFor(ms: number, mode?: RefusalMode): Promise<void>;
  /**
   * Answers new connections for `ms` milliseconds with a PostgreSQL ErrorResponse (after the startup packet), as a
   * starting server (57P03) or Neon's proxy (XX000 "Couldn't connect to compute node") would.
   */
  answerWithError(ms: number, error: { code: string; message: string; severity?: 'ERROR' | 'FATAL' }): Promise<void>;
  close(): Promise<void>;
}

const SSL_REQUEST_CODE = 80877103;

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const relayed = new Set<{ client: net.Socket; upstream: net.Socket }>();
  let accepted = 0;
  let refused = 0;
  let refuseUntil = 0;
  let errorUntil = 0;
  let errorAnswer: Buffer | undefined;
  let closing = false;

  const server = net.createServer((client) => {
    const now = Date.now();
    if (now < refuseUntil) {
      refused++;
      client.resetAndDestroy();
      return;
    }
    if (now < errorUntil && errorAnswer) {
      refused++;
      answerStartup(client, errorAnswer);
      return;
    }
    accepted++;
    const upstream = net.connect({ host: options.upstreamHost, port: options.upstreamPort });
    const pair = { client, upstream };
    relayed.add(pair);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    client.pipe(upstream);
    upstream.pipe(client);
    const drop = () => {
      relayed.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop);
    upstream.on('error', drop);
    client.on('close', drop);
    upstream.on('close', drop);
  });

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(options.port ?? 0);
  const port = (server.address() as AddressInfo).port;

  const cutAll = (): number => {
    const count = relayed.size;
    for (const { client, upstream } of [...relayed]) {
      client.resetAndDestroy();
      upstream.resetAndDestroy();
    }
    relayed.clear();
    return count;
  };

  return {
    host: '127.0.0.1',
    port,
    get accepted() {
      return accepted;
    },
    get open() {
      return relayed.size;
    },
    get refused() {
      return refused;
    },
    route(url) {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    cutAll,
    async waitForOpen(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (relayed.size < count) {
        if (Date.now() > deadline) throw new Error(`fault proxy: ${relayed.size} of ${count} connections open after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    async refuseFor(ms, mode = 'closed-port') {
      if (mode === 'reset') {
        refuseUntil = Date.now() + ms;
        await new Promise((resolve) => setTimeout(resolve, ms));
        return;
      }
      // A closed port is what a client sees while a compute restarts: the listener goes away, then comes back on
      // the same port. Existing relays are cut too (a restart ends every session).
      // server.close waits for open connections to end, so cut them while it waits.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      cutAll();
      await closed;
      await new Promise((resolve) => setTimeout(resolve, ms));
      if (!closing) await listen(port);
    },
    async answerWithError(ms, error) {
      errorAnswer = errorResponse(error.severity ?? 'FATAL', error.code, error.message);
      errorUntil = Date.now() + ms;
      await new Promise((resolve) => setTimeout(resolve, ms));
    },
    async close() {
      closing = true;
      cutAll();
      await new Promise<void>((resolve) => {
        if (!server.listening) resolve();
        else server.close(() => resolve());
      });
    },
  };
}

/** Reads the client's first packets (declining TLS if asked) and answers the startup packet with an error. */
function answerStartup(client: net.Socket, answer: Buffer): void {
  let buffered = Buffer.alloc(0);
  client.on('error', () => client.destroy());
  client.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    while (buffered.length >= 8) {
      const length = buffered.readInt32BE(0);
      if (buffered.length < length) return;
      const code = buffered.readInt32BE(4);
      buffered = buffered.subarray(length);
      if (code === SSL_REQUEST_CODE) {
        client.write('N');
        continue;
      }
      client.end(answer);
      return;
    }
  });
}

/** A PostgreSQL ErrorResponse message ('E'): severity, SQLSTATE and message fields. */
export function errorResponse(severity: string, code: string, message: string): Buffer {
  const fields = [
    ['S', severity],
    ['V', severity],
    ['C', code],
    ['M', message],
  ];
  const body = Buffer.concat([...fields.map(([k, v]) => Buffer.from(`${k}${v}\0`, 'utf8')), Buffer.from([0])]);
  const header = Buffer.alloc(5);
  header.write('E', 0, 'ascii');
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}
