// Applies the numbered migrations in sql/ once each, tracked in app.schema_migrations, under an advisory lock.
// Works as a database owner that is not a superuser (as on Neon).

import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Pool } from '@neondatabase/serverless';
import { ConfigurationError } from '../platform/errors.js';
import { packageRoot } from '../platform/paths.js';

export interface MigrationResult {
  applied: string[];
  alreadyApplied: string[];
}

const LOCK_KEY = 724_113_001; // arbitrary, constant: serializes concurrent migrators

export async function migrate(pool: Pool, options: { dir?: string; log?: (msg: string) => void } = {}): Promise<MigrationResult> {
  const dir = options.dir ?? path.join(packageRoot(), 'sql');
  const log = options.log ?? (() => undefined);
  const files = (await readdir(dir)).filter((f) => /^\d{3}_.+\.sql$/.test(f)).sort();
  const client = await pool.connect();
  try {
    await ensureVector(client as unknown as Pool);
    await client.query(
      `CREATE SCHEMA IF NOT EXISTS app;
       CREATE TABLE IF NOT EXISTS app.schema_migrations (
         version text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
       REVOKE ALL ON app.schema_migrations FROM PUBLIC`,
    );
    const result: MigrationResult = { applied: [], alreadyApplied: [] };
    for (const file of files) {
      const sql = await readFile(path.join(dir, file), 'utf8');
      const checksum = createHash('sha256').update(sql).digest('hex');
      await client.query('BEGIN');
      try {
        await client.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
        const done = await client.query<{ checksum: string }>('SELECT checksum FROM app.schema_migrations WHERE version = $1', [file]);
        const existing = done.rows[0];
        if (existing) {
          if (existing.checksum !== checksum) log(`warning: ${file} changed after it was applied; add a new migration instead`);
          result.alreadyApplied.push(file);
          await client.query('COMMIT');
          continue;
        }
        await client.query(sql);
        await client.query('INSERT INTO app.schema_migrations (version, checksum) VALUES ($1, $2)', [file, checksum]);
        await client.query('COMMIT');
        result.applied.push(file);
        log(`applied ${file}`);
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        const message = error instanceof Error ? error.message : String(error);
        throw new ConfigurationError(`Migration ${file} failed: ${message}`, { cause: error });
      }
    }
    return result;
  } finally {
    client.release();
  }
}

/** pgvector is not a trusted extension on plain PostgreSQL: a non-superuser owner cannot create it. */
async function ensureVector(client: Pool): Promise<void> {
  const present = await client.query(`SELECT 1 FROM pg_extension WHERE extname = 'vector'`);
  if (present.rowCount) return;
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS vector');
  } catch (error) {
    const db = await client.query<{ db: string }>('SELECT current_database() AS db').catch(() => ({ rows: [{ db: '<database>' }] }));
    throw new ConfigurationError(
      `The pgvector extension is missing and this user cannot create it (${error instanceof Error ? error.message : String(error)}).`,
      { nextStep: `An administrator must run once, as a superuser: CREATE EXTENSION vector; in database "${db.rows[0]?.db}".` },
    );
  }
}
