// Counts what a database client does at the wire: a TCP proxy in front of PostgreSQL, and a tap in front of the
// embedded database's host, both feeding one tally of frontend messages and round trips.
//
// Round trip, as counted here: one client "flight", a run of frontend bytes (one or more writes) with no backend
// bytes in between. The client sends, then waits for an answer before it sends again; pipelined statements travel
// in one flight. Connection start-up and authentication (everything up to the first ReadyForQuery) are not counted.

import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { EmbeddedHost } from '../src/data/embedded-host.js';

export interface TallySnapshot {
  /** Client flights after authentication (see the header): the round trips. */
  roundTrips: number;
  /** Simple-protocol Query ('Q') messages. */
  queries: number;
  /** Sync ('S') messages: each ends an extended-protocol batch and is answered with ReadyForQuery. */
  syncs: number;
  /** Parse ('P') messages: one per extended-protocol statement. */
  parses: number;
  /** ReadyForQuery ('Z') messages from the server. */
  readyForQuery: number;
  /** Bytes from the client and from the server, after authentication. */
  bytesOut: number;
  bytesIn: number;
  /** Every backend message type in order ('C' CommandComplete, 'E' ErrorResponse, 'Z' ReadyForQuery, ...). */
  backend: string;
}

/** A running count for one or more connections. */
export class WireTally {
  private counts: TallySnapshot = WireTally.zero();
  private readonly lastWasServer = new WeakMap<object, boolean>();

  static zero(): TallySnapshot {
    return { roundTrips: 0, queries: 0, syncs: 0, parses: 0, readyForQuery: 0, bytesOut: 0, bytesIn: 0, backend: '' };
  }

  reset(): void {
    this.counts = WireTally.zero();
  }

  snapshot(): TallySnapshot {
    return { ...this.counts };
  }

  /** Frontend messages (type bytes) sent in one write on connection `conn`. */
  frontend(conn: object, kinds: number[], bytes: number): void {
    if (this.lastWasServer.get(conn) !== false) this.counts.roundTrips++;
    this.lastWasServer.set(conn, false);
    this.counts.bytesOut += bytes;
    for (const kind of kinds) {
      if (kind === 0x51) this.counts.queries++;
      else if (kind === 0x53) this.counts.syncs++;
      else if (kind === 0x50) this.counts.parses++;
    }
  }

  /** Backend messages received on connection `conn` (an empty list: no answer, the flight goes on). */
  backend(conn: object, kinds: number[], bytes: number): void {
    if (kinds.length === 0 && bytes === 0) return;
    this.lastWasServer.set(conn, true);
    this.counts.bytesIn += bytes;
    this.counts.readyForQuery += kinds.filter((k) => k === 0x5a).length;
    this.counts.backend += String.fromCharCode(...kinds);
  }
}

/** Splits a byte stream into protocol messages (type byte + int32 length), keeping a partial tail for the next chunk. */
class MessageSplitter {
  private pending: Buffer = Buffer.alloc(0);
  constructor(private untypedFirst: boolean) {}

  push(chunk: Buffer): number[] {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const kinds: number[] = [];
    for (;;) {
      if (this.untypedFirst) {
        // The start-up message (or SSLRequest) has no type byte: int32 length first.
        if (this.pending.length < 4) break;
        const length = this.pending.readInt32BE(0);
        if (this.pending.length < length) break;
        this.pending = this.pending.subarray(length);
        this.untypedFirst = false;
        kinds.push(0);
        continue;
      }
      if (this.pending.length < 5) break;
      const length = this.pending.readInt32BE(1);
      if (this.pending.length < length + 1) break;
      kinds.push(this.pending[0] as number);
      this.pending = this.pending.subarray(length + 1);
    }
    return kinds;
  }
}

export interface PgWireProxy {
  port: number;
  tally: WireTally;
  close(): Promise<void>;
}

/** A TCP proxy on 127.0.0.1 to PostgreSQL at host:port that tallies every connection through it. */
export async function startPgWireProxy(target: { host: string; port: number }, tally = new WireTally()): Promise<PgWireProxy> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target);
    sockets.add(client).add(upstream);
    // The proxy must not add latency of its own: no Nagle on either side.
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    const conn = {};
    const fromClient = new MessageSplitter(true);
    const fromServer = new MessageSplitter(false);
    let authenticated = false;
    client.on('data', (chunk: Buffer) => {
      const kinds = fromClient.push(chunk);
      if (authenticated) tally.frontend(conn, kinds, chunk.length);
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      const kinds = fromServer.push(chunk);
      if (authenticated) tally.backend(conn, kinds, chunk.length);
      else if (kinds.includes(0x5a)) authenticated = true; // the first ReadyForQuery ends start-up
      client.write(chunk);
    });
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    tally,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

type HostLike = Pick<EmbeddedHost, 'execProtocolStream' | 'waitReady'>;
type BackendMessage = Awaited<ReturnType<EmbeddedHost['execProtocolStream']>>[number];

/** The type bytes of the backend messages PGlite's parser names (others count as '?'). */
const BACKEND_KIND: Record<string, number> = {
  readyForQuery: 0x5a,
  commandComplete: 0x43,
  error: 0x45,
  dataRow: 0x44,
  rowDescription: 0x54,
  parseComplete: 0x31,
  bindComplete: 0x32,
  noData: 0x6e,
  notice: 0x4e,
  emptyQuery: 0x49,
};

/**
 * The embedded database's wire: the node-postgres adapter hands each frontend message to the host; this tap sits
 * in between and tallies them (an adapter connection's messages are serialized, so one tap is one connection).
 */
export function tapEmbeddedHost(host: HostLike, tally = new WireTally()): { host: HostLike; tally: WireTally } {
  const conn = {};
  const tapped: HostLike = {
    get waitReady() {
      return host.waitReady;
    },
    execProtocolStream: async (message: Uint8Array): Promise<BackendMessage[]> => {
      tally.frontend(conn, [message[0] ?? 0], message.length);
      const answer = await host.execProtocolStream(message);
      const bytes = answer.reduce((n, m) => n + ((m as { length?: number }).length ?? 0), 0);
      tally.backend(
        conn,
        answer.map((m) => BACKEND_KIND[m.name] ?? 0x3f),
        answer.length ? Math.max(bytes, answer.length) : 0,
      );
      return answer;
    },
  };
  return { host: tapped, tally };
}
