// The databases integration tests run against: always an embedded PGlite (from the template), and the real
// PostgreSQL at TEST_DATABASE_URL when set (owned by a non-superuser; the server connects as the runtime login
// zava_app, the way production runs).

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../../src/data/database.js';
import { EmbeddedHost } from '../../src/data/embedded-host.js';
import { openDatabase, type DatabaseHandle } from '../../src/data/open-database.js';
import { dbOptions, templatePath, testRuntimeUrl } from './template.js';

export type TargetName = 'pglite' | 'postgres';

export const TARGET_NAMES: TargetName[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export interface TestTarget {
  name: TargetName;
  database: Database;
  /** The handle it was opened through (its id is the cache namespace). */
  handle: DatabaseHandle;
  /** Ground truth that bypasses RLS: the superuser (PostgreSQL) or PGlite's bootstrap superuser; search_path retail, public. */
  admin<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  /** The embedded database's host (PGlite only): its watchdog restarts are observable in tests. */
  embedded?: EmbeddedHost;
  close(): Promise<void>;
}

/** The superuser's URL for the test PostgreSQL (TEST_ADMIN_DATABASE_URL, else user postgres on the same server). */
export function adminUrl(url: string): string {
  if (process.env.TEST_ADMIN_DATABASE_URL) return process.env.TEST_ADMIN_DATABASE_URL;
  const u = new URL(url);
  u.username = 'postgres';
  u.password = '';
  return u.toString();
}

export async function openTarget(name: TargetName, options: Partial<typeof dbOptions> = {}): Promise<TestTarget> {
  const settings = { ...dbOptions, ...options };
  if (name === 'pglite') {
    // The same worker-and-watchdog setup as `npm start`, on a private copy of the template.
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'zava-pglite-'));
    const host = await EmbeddedHost.start({ dataDir, templateFile: templatePath(), statementLimitMs: settings.statementTimeoutMs });
    const handle = await openDatabase({ kind: 'pglite', pglite: host, location: dataDir, owned: true }, settings);
    return {
      name,
      database: handle.database,
      handle,
      embedded: host,
      admin: (sql, params) => host.admin(sql, params),
      close: async () => {
        await handle.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  // The server's view: the runtime login (global setup enabled it), never the owner.
  const handle = await openDatabase({ kind: 'url', url: testRuntimeUrl(url), bridge: 'auto', poolMax: 4 }, settings);
  const admin = await openDatabase({ kind: 'url', url: adminUrl(url), bridge: 'auto', poolMax: 1 }, settings);
  // Same name resolution as the app's scopes, so the same SQL means the same thing for the ground truth.
  admin.pool.on('connect', (client: { query(sql: string): Promise<unknown> }) => void client.query('SET search_path = retail, public'));
  return {
    name,
    database: handle.database,
    handle,
    admin: async (sql, params) => (await admin.pool.query(sql, params)).rows as never,
    close: async () => {
      await handle.close();
      await admin.close();
    },
  };
}
