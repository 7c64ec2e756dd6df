// The embedded database for `npm start` and tests: PGlite (PostgreSQL in WASM) with pgvector, persisted in a folder.
// PGlite's session user is always its bootstrap superuser, so the app runs as a non-superuser owner role (as on
// Neon) and the superuser-only escape hatches (set_config, indirect SQL execution) are revoked from PUBLIC.

import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { packageRoot } from '../platform/paths.js';

export const EMBEDDED_OWNER = 'zava_owner';

/** Functions a caller could use to change its role or run SQL the guard never saw (one list for every database). */
const HARDENING_SQL = readFileSync(path.join(packageRoot(), 'sql', 'hardening', 'revoke-from-public.sql'), 'utf8');

const BOOTSTRAP_SQL = `
  CREATE ROLE ${EMBEDDED_OWNER} LOGIN NOSUPERUSER CREATEROLE NOBYPASSRLS;
  CREATE EXTENSION IF NOT EXISTS vector;
  GRANT CREATE, TEMPORARY ON DATABASE postgres TO ${EMBEDDED_OWNER};
  ALTER DATABASE postgres OWNER TO ${EMBEDDED_OWNER};
  ${HARDENING_SQL}
`;

/**
 * Opens (creating on first use) an embedded database. `dataDir` is a folder, or undefined for in-memory.
 * A `template` (from dumpDataDir) starts from a prepared database instead of an empty one.
 */
export async function openEmbedded(options: { dataDir?: string; template?: Blob | File } = {}): Promise<PGlite> {
  const { dataDir, template } = options;
  const fresh = template === undefined && (dataDir === undefined || !existsSync(dataDir) || readdirSync(dataDir).length === 0);
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  if (fresh) {
    // Bootstrap as the superuser once, then reopen as the owner role.
    const admin = await PGlite.create({ dataDir, extensions: { vector } });
    await admin.exec(BOOTSTRAP_SQL);
    if (!dataDir) {
      const dump = await admin.dumpDataDir('none');
      await admin.close();
      return PGlite.create({ loadDataDir: dump, username: EMBEDDED_OWNER, extensions: { vector } });
    }
    await admin.close();
  }
  return PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    ...(template ? { loadDataDir: template } : {}),
    username: EMBEDDED_OWNER,
    extensions: { vector },
  });
}
