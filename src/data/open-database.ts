// The one way to open a database: a target (a URL, or an embedded PGlite) becomes a handle with the Database, its
// pool, a description for logs and a stable id (the cache namespace). Used by the server, CLIs, local host and tests.

import { createHash } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import type { Pool } from '@neondatabase/serverless';
import { openPool, type PoolTimeouts } from './connect.js';
import { Database, type DatabaseOptions } from './database.js';
import type { EmbeddedHost } from './embedded-host.js';

export type OpenTarget =
  | { kind: 'url'; url: string; bridge?: 'auto' | 'on' | 'off'; poolMax?: number; pool?: PoolTimeouts }
  | {
      kind: 'pglite';
      pglite: PGlite | EmbeddedHost;
      /** Where its files live ('memory' for an in-memory one): part of the id, so two databases never share it. */
      location: string;
      /** Closed with the handle when true (the handle then owns the embedded database). */
      owned?: boolean;
    };

export interface DatabaseHandle {
  database: Database;
  pool: Pool;
  /** Human-readable target for logs (never includes credentials). */
  description: string;
  kind: 'neon' | 'bridge' | 'pglite';
  /** Stable namespace of the data behind it: 'pg:<hash of host, port, database>' or 'embedded:<location>'. */
  id: string;
  /**
   * The pool's name for metrics (db.client.connection.pool.name): `host:port/database` as the OpenTelemetry database
   * conventions suggest for pools without a name, or 'embedded:<location>'. Never credentials.
   */
  poolName: string;
  close(): Promise<void>;
}

/** Long limits for our own trusted work (migrations, seeding, embedding); tool calls get the configured ones. */
export const MAINTENANCE_DB_OPTIONS: Omit<DatabaseOptions, 'logger'> = {
  statementTimeoutMs: 600_000,
  maxConcurrent: 1,
  queueTimeoutMs: 600_000,
};

/** `host:port/database` of a URL (no user or password): the pool name the database conventions suggest. */
export function urlPoolName(url: string): string {
  const u = new URL(url);
  return `${u.hostname.toLowerCase()}:${u.port || '5432'}${u.pathname}`;
}

/** Same host, port and database name give the same id whichever login connects: the data is the same. */
export function urlDatabaseId(url: string): string {
  return `pg:${createHash('sha256').update(urlPoolName(url)).digest('hex').slice(0, 16)}`;
}

export async function openDatabase(target: OpenTarget, options: DatabaseOptions): Promise<DatabaseHandle> {
  if (target.kind === 'url') {
    const opened = await openPool({
      kind: 'url',
      url: target.url,
      bridge: target.bridge ?? 'auto',
      poolMax: target.poolMax ?? 10,
      ...(target.pool ? { pool: target.pool } : {}),
    });
    return {
      database: new Database(opened.pool, options),
      pool: opened.pool,
      description: opened.description,
      kind: opened.kind,
      id: urlDatabaseId(target.url),
      poolName: urlPoolName(target.url),
      close: opened.close,
    };
  }
  const opened = await openPool({ kind: 'pglite', pglite: target.pglite });
  const embedded = target.pglite;
  return {
    database: new Database(opened.pool, options),
    pool: opened.pool,
    description: `embedded PGlite (${target.location})`,
    kind: 'pglite',
    id: `embedded:${target.location}`,
    poolName: `embedded:${target.location}`,
    close: async () => {
      await opened.close();
      if (target.owned) await embedded.close();
    },
  };
}

/** A handle onto a Database someone else owns (tests, benchmarks): closing the handle leaves the database open. */
export function borrowDatabase(
  database: Database,
  meta: { description: string; id: string; kind: DatabaseHandle['kind']; poolName?: string },
): DatabaseHandle {
  return { database, pool: database.pool, poolName: meta.id, ...meta, close: async () => undefined };
}
