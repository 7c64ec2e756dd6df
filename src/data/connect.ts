// Opens the one driver path (the Neon serverless Pool) against Neon, a plain PostgreSQL through the local
// WebSocket bridge, or an embedded PGlite.

import { Pool, neonConfig } from '@neondatabase/serverless';
import type { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import ws from 'ws';
import { resultTypes } from './pg-types.js';
import { startWsBridge, type WsBridge } from './ws-bridge.js';

export type DatabaseTarget =
  | { kind: 'url'; url: string; bridge: 'auto' | 'on' | 'off'; poolMax: number }
  | { kind: 'pglite'; pglite: PGlite };

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
    const pool = new Pool({ ...(createPgConfig(target.pglite) as object), max: 1, types: resultTypes });
    return { pool, description: 'embedded PGlite', kind: 'pglite', close: () => pool.end() };
  }

  const url = new URL(target.url);
  const useBridge = target.bridge === 'on' || (target.bridge === 'auto' && LOCAL_HOSTS.has(url.hostname));
  if (typeof WebSocket === 'undefined' || useBridge) neonConfig.webSocketConstructor = ws;
  const description = `${url.hostname}:${url.port || '5432'}${url.pathname}`;

  if (!useBridge) {
    const pool = new Pool({ connectionString: target.url, max: target.poolMax, types: resultTypes });
    return { pool, description, kind: 'neon', close: () => pool.end() };
  }

  // One bridge per process, shared by pools; neonConfig is global in the driver.
  bridgeAllow.add(`${url.hostname}:${url.port || '5432'}`);
  if (!activeBridge) {
    activeBridge = await startWsBridge({ allow: bridgeAllow });
    const proxyHost = activeBridge.proxyHost;
    neonConfig.wsProxy = (host, port) => `${proxyHost}?address=${host}:${port}`;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineConnect = false;
  }
  bridgeUsers++;
  const pool = new Pool({ connectionString: target.url, max: target.poolMax, types: resultTypes });
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
