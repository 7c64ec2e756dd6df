// A WebSocket-to-TCP bridge so the Neon serverless driver (WebSocket only) can reach a plain PostgreSQL.
// Local development and CI only: in Azure the driver talks to Neon's own WebSocket proxy.

import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { loadWs } from './ws.js';

export interface WsBridge {
  /** Value for neonConfig.wsProxy: "host:port/v1?address=" style, without scheme. */
  readonly proxyHost: string;
  close(): Promise<void>;
}

/**
 * Starts a bridge on 127.0.0.1 (port 0 = any free port). Only the allowed PostgreSQL addresses (host:port,
 * a live set the caller may extend) may be dialled, so the bridge cannot be used to reach arbitrary hosts.
 */
export async function startWsBridge(options: { allow: ReadonlySet<string>; port?: number }): Promise<WsBridge> {
  const allowed = options.allow;
  const wss = new (loadWs().WebSocketServer)({ host: '127.0.0.1', port: options.port ?? 0 });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });

  wss.on('connection', (socket, request) => {
    const address = new URL(request.url ?? '/', 'http://bridge').searchParams.get('address') ?? '';
    if (!allowed.has(address)) {
      socket.close(1008, 'address not allowed');
      return;
    }
    const [host, port] = splitHostPort(address);
    const tcp = net.connect({ host, port });
    const pending: Buffer[] = [];
    tcp.setNoDelay(true);
    tcp.on('connect', () => {
      for (const chunk of pending.splice(0)) tcp.write(chunk);
    });
    tcp.on('data', (data) => socket.send(data));
    tcp.on('close', () => socket.close());
    tcp.on('error', () => socket.close());
    socket.on('message', (data: Buffer) => {
      if (tcp.connecting) pending.push(data);
      else tcp.write(data);
    });
    socket.on('close', () => tcp.destroy());
    socket.on('error', () => tcp.destroy());
  });

  const { port } = wss.address() as AddressInfo;
  return {
    proxyHost: `127.0.0.1:${port}/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}

function splitHostPort(address: string): [string, number] {
  const at = address.lastIndexOf(':');
  return [address.slice(0, at), Number(address.slice(at + 1))];
}
