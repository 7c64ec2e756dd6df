// The databases integration tests run against: always an embedded PGlite (from the template), and the real
// PostgreSQL at TEST_DATABASE_URL when set (as a non-superuser owner, the way production runs).

import type { PGlite } from '@electric-sql/pglite';
import { openPool, type OpenPool } from '../../src/data/connect.js';
import { Database } from '../../src/data/database.js';
import { openEmbedded } from '../../src/data/embedded.js';
import { dbOptions, loadTemplate } from './template.js';

export type TargetName = 'pglite' | 'postgres';

export const TARGET_NAMES: TargetName[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export interface TestTarget {
  name: TargetName;
  database: Database;
  /** Ground truth that bypasses RLS: the superuser (PostgreSQL) or PGlite's bootstrap superuser; search_path retail, public. */
  admin<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

function adminUrl(url: string): string {
  if (process.env.TEST_ADMIN_DATABASE_URL) return process.env.TEST_ADMIN_DATABASE_URL;
  const u = new URL(url);
  u.username = 'postgres';
  u.password = '';
  return u.toString();
}

export async function openTarget(name: TargetName, options: Partial<typeof dbOptions> = {}): Promise<TestTarget> {
  const settings = { ...dbOptions, ...options };
  if (name === 'pglite') {
    const pglite: PGlite = await openEmbedded({ template: loadTemplate() });
    const opened = await openPool({ kind: 'pglite', pglite });
    return {
      name,
      database: new Database(opened.pool, settings),
      admin: async (sql, params) =>
        pglite.transaction(async (tx) => {
          await tx.query('SET LOCAL ROLE postgres');
          await tx.query('SET LOCAL search_path = retail, public');
          return (await tx.query(sql, params)).rows as never;
        }),
      close: async () => {
        await opened.close();
        await pglite.close();
      },
    };
  }
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  const opened: OpenPool = await openPool({ kind: 'url', url, bridge: 'auto', poolMax: 4 });
  const admin: OpenPool = await openPool({ kind: 'url', url: adminUrl(url), bridge: 'auto', poolMax: 1 });
  // Same name resolution as the app's scopes, so the same SQL means the same thing for the ground truth.
  admin.pool.on('connect', (client: { query(sql: string): Promise<unknown> }) => void client.query('SET search_path = retail, public'));
  return {
    name,
    database: new Database(opened.pool, settings),
    admin: async (sql, params) => (await admin.pool.query(sql, params)).rows as never,
    close: async () => {
      await opened.close();
      await admin.close();
    },
  };
}
