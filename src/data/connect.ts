// Opens the one driver path (the Neon serverless Pool) against Neon, a plain PostgreSQL through the local
// WebSocket bridge, or an embedded PGlite.

import { Client, Pool, neonConfig } from '@neondatabase/serverless';
import type { PGlite } from '@electric-sql/pglite';
import type { EmbeddedHost } from './embedded-host.js';
import { resultTypes } from './pg-types.js';
import type { WsBridge } from './ws-bridge.js';

export type DatabaseTarget =
  | { kind: 'url'; url: string; bridge: 'auto' | 'on' | 'off'; poolMax: number; pool?: PoolTimeouts }
  | { kind: 'pglite'; pglite: PGlite | EmbeddedHost };

/** Pool lifetimes (serverless: close idle connections soon, and give up on a connect that hangs). */
export interface PoolTimeouts {
  /** An idle pooled connection is closed after this long (0 = never). */
  idleTimeoutMs?: number;
  /** A new connection that is not ready after this long fails (and a tool call retries it). */
  connectTimeoutMs?: number;
}

function timeoutOptions(timeouts: PoolTimeouts = {}): { idleTimeoutMillis?: number; connectionTimeoutMillis?: number } {
  return {
    ...(timeouts.idleTimeoutMs === undefined ? {} : { idleTimeoutMillis: timeouts.idleTimeoutMs }),
    ...(timeouts.connectTimeoutMs === undefined ? {} : { connectionTimeoutMillis: timeouts.connectTimeoutMs }),
  };
}

export interface OpenPool {
  pool: Pool;
  /** Human-readable target for logs (never includes credentials). */
  description: string;
  kind: 'neon' | 'bridge' | 'pglite';
  close(): Promise<void>;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);
let activeBridge: WsBridge | undefined;
const bridgeAllow = new Set<string>();
let bridgeUsers = 0;

export async function openPool(target: DatabaseTarget): Promise<OpenPool> {
  if (target.kind === 'pglite') {
    // PGlite is one connection: a pool of one serializes callers, which is what PGlite needs.
    // The adapter only needs execProtocolStream and waitReady, which the worker-backed host also provides.
    const pglite = target.pglite as PGlite;
    // Loaded only here: a Neon deployment never pays for the PGlite adapter at cold start.
    const { PglitePgConnection, createPgConfig } = await import('@electric-sql/pglite/node-postgres');
    // A fresh adapter connection per client: the config's single shared one would deliver a discarded client's
    // late 'end' event to its successor ("Connection terminated unexpectedly").
    class EmbeddedClient extends Client {
      constructor(config: object) {
        super({ ...config, connection: new PglitePgConnection({ pglite }) } as never);
      }
    }
    const pool = new Pool({ ...(createPgConfig(pglite) as object), max: 1, types: resultTypes });
    // The Neon Pool sets its own Client class after construction (ignoring options.Client), so replace it here.
    (pool as unknown as { Client: typeof Client }).Client = EmbeddedClient;
    return { pool, description: 'embedded PGlite', kind: 'pglite', close: () => pool.end() };
  }

  const url = new URL(target.url);
  const useBridge = target.bridge === 'on' || (target.bridge === 'auto' && LOCAL_HOSTS.has(url.hostname));
  // `ws` (tens of ms to import) only where it is needed: Node without a global WebSocket, or the local bridge.
  if (typeof WebSocket === 'undefined' || useBridge) neonConfig.webSocketConstructor = (await import('./ws.js')).loadWs();
  const description = `${url.hostname}:${url.port || '5432'}${url.pathname}`;

  if (!useBridge) {
    const pool = new Pool({ connectionString: target.url, max: target.poolMax, types: resultTypes, ...timeoutOptions(target.pool) });
    return { pool, description, kind: 'neon', close: () => pool.end() };
  }

  // One bridge per process, shared by pools; neonConfig is global in the driver.
  bridgeAllow.add(`${url.hostname}:${url.port || '5432'}`);
  if (!activeBridge) {
    const { startWsBridge } = await import('./ws-bridge.js');
    activeBridge = await startWsBridge({ allow: bridgeAllow });
    const proxyHost = activeBridge.proxyHost;
    neonConfig.wsProxy = (host, port) => `${proxyHost}?address=${host}:${port}`;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineConnect = false;
  }
  bridgeUsers++;
  const pool = new Pool({ connectionString: target.url, max: target.poolMax, types: resultTypes, ...timeoutOptions(target.pool) });
  return {
    pool,
    description: `${description} (via local WebSocket bridge)`,
    kind: 'bridge',
    close: async () => {
      await pool.end();
      if (--bridgeUsers === 0 && activeBridge) {
        const bridge = activeBridge;
        activeBridge = undefined;
        await bridge.close();
      }
    },
  };
}
