// The local host: serves the shared route table over node:http, as `func start` would, for `npm start` and tests.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInFlight, type InFlight } from '../app/shutdown.js';
import { ROUTES } from '../http/routes.js';
import type { Runtime } from '../app/runtime.js';

export interface LocalHost {
  url: string;
  /** Requests being answered right now (graceful shutdown waits for them). */
  readonly inFlight: InFlight;
  /** Stops accepting: the listener closes, idle keep-alive connections end, new requests get 503. */
  stopAccepting(): void;
  /** Closes every connection now (after stopAccepting and the drain). */
  close(): Promise<void>;
}

const MAX_BODY = 2_000_000;

async function toRequest(req: http.IncomingMessage, origin: string): Promise<Request> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') return new Request(new URL(req.url ?? '/', origin), { method, headers });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw Object.assign(new Error('body too large'), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  return new Request(new URL(req.url ?? '/', origin), { method, headers, body: Buffer.concat(chunks) });
}

async function send(res: http.ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    headers[key] = value;
  });
  res.writeHead(response.status, headers);
  res.end(Buffer.from(await response.arrayBuffer()));
}

const LOOPBACK = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i;

/**
 * DNS-rebinding protection for a server bound to loopback: a web page whose name resolves to 127.0.0.1 must not be
 * able to talk to it, so Host (and Origin, when sent) must name the loopback host.
 */
function rebindingRefusal(req: http.IncomingMessage, hostname: string): Response | undefined {
  if (!['127.0.0.1', 'localhost', '::1'].includes(hostname)) return undefined;
  const host = req.headers.host ?? '';
  const origin = req.headers.origin;
  let originHost = '';
  try {
    originHost = origin ? new URL(origin).host : '';
  } catch {
    originHost = 'invalid';
  }
  if (LOOPBACK.test(host) && (!origin || LOOPBACK.test(originHost))) return undefined;
  return Response.json(
    { error: 'forbidden', error_description: 'Host or Origin is not a loopback address (DNS rebinding protection).' },
    { status: 403 },
  );
}

export async function startLocalHost(runtime: Runtime, options: { port: number; host?: string }): Promise<LocalHost> {
  const hostname = options.host ?? '127.0.0.1';
  const inFlight = createInFlight();
  let accepting = true;
  // Nagle off on every accepted socket (Node's default since v18, stated so a change of default cannot add a
  // delayed-ACK stall to small JSON answers; docs/performance.md).
  const server = http.createServer({ noDelay: true }, (req, res) => {
    // In flight until the answer is flushed (or the client went away), not merely until the handler returns.
    void inFlight.track(
      new Promise<void>((resolve) => {
        res.once('finish', resolve);
        res.once('close', resolve);
        void serve(req, res);
      }),
    );
  });
  const serve = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    if (!accepting) {
      // A request on a kept-alive connection after shutdown began: another instance should take it.
      res.writeHead(503, { 'Content-Type': 'application/json', Connection: 'close', 'Retry-After': '1' });
      res.end(JSON.stringify({ error: 'shutting_down', error_description: 'This server is shutting down; retry the request.' }));
      return;
    }
    try {
      const refusal = rebindingRefusal(req, hostname);
      if (refusal) return await send(res, refusal);
      const origin = `http://${req.headers.host ?? `${hostname}:${options.port}`}`;
      const request = await toRequest(req, origin);
      const route = ROUTES.find((r) => r.matches(new URL(request.url).pathname));
      if (!route)
        return await send(
          res,
          Response.json({ error: 'not_found', error_description: 'No such route. The MCP endpoint is POST /api/mcp.' }, { status: 404 }),
        );
      if (!route.methods.includes(request.method as never) && route.name !== 'mcp') {
        return await send(res, Response.json({ error: 'method_not_allowed' }, { status: 405, headers: { Allow: route.methods.join(', ') } }));
      }
      await send(res, await route.handle(runtime, request));
    } catch (error) {
      const status = (error as { status?: number }).status ?? 500;
      runtime.logger.error('local host request failed', { error });
      if (!res.headersSent) await send(res, Response.json({ error: status === 413 ? 'payload_too_large' : 'internal_error' }, { status }));
      else res.end();
    }
  };
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, hostname, resolve);
  });
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  const stopAccepting = () => {
    if (!accepting) return;
    accepting = false;
    closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
  };
  return {
    url: `http://${hostname}:${port}`,
    inFlight,
    stopAccepting,
    close: async () => {
      stopAccepting();
      server.closeAllConnections();
      await closed;
    },
  };
}
