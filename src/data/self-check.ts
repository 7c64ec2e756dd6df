// Startup self-check: the server refuses to serve unless the database enforces tenancy on its own.

import type { Database } from './database.js';
import { READER_ROLE } from './database.js';

const CHECK_SQL = `
WITH me AS (
  SELECT r.rolname, r.rolsuper, r.rolbypassrls FROM pg_catalog.pg_roles r WHERE r.rolname = current_user
), sess AS (
  SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = session_user
), reader AS (
  SELECT r.oid, r.rolsuper, r.rolbypassrls, r.rolcreaterole, r.rolcreatedb FROM pg_catalog.pg_roles r WHERE r.rolname = $1
)
SELECT
  (SELECT row_to_json(me) FROM me) AS app_user,
  (SELECT rolsuper FROM sess) AS session_is_superuser,
  (SELECT row_to_json(reader) FROM reader) AS reader,
  (SELECT pg_catalog.has_function_privilege($1, 'pg_catalog.set_config(text,text,boolean)', 'EXECUTE')
     WHERE EXISTS (SELECT 1 FROM reader)) AS reader_can_set_config,
  (SELECT coalesce(json_agg(c.relname ORDER BY c.relname), '[]') FROM pg_catalog.pg_class c
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'retail' AND c.relkind IN ('r', 'p') AND NOT c.relrowsecurity) AS rls_disabled,
  (SELECT coalesce(json_agg(c.relname ORDER BY c.relname), '[]') FROM pg_catalog.pg_class c
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'retail' AND c.relkind IN ('r', 'p') AND NOT c.relforcerowsecurity) AS rls_not_forced,
  (SELECT coalesce(json_agg(c.relname ORDER BY c.relname), '[]') FROM pg_catalog.pg_class c, reader
    WHERE c.relowner = reader.oid) AS reader_owns,
  (SELECT coalesce(json_agg(n.nspname || '.' || c.relname ORDER BY c.relname), '[]') FROM pg_catalog.pg_class c
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname IN ('retail', 'app') AND c.relkind IN ('r', 'p', 'v', 'm') AND EXISTS (SELECT 1 FROM reader)
      AND pg_catalog.has_table_privilege($1, c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES')) AS reader_can_write,
  (SELECT coalesce(json_agg(c.relname ORDER BY c.relname), '[]') FROM pg_catalog.pg_class c
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'app' AND c.relkind = 'r' AND EXISTS (SELECT 1 FROM reader)
      AND pg_catalog.has_table_privilege($1, c.oid, 'SELECT')) AS reader_reads_app,
  (SELECT pg_catalog.format_type(a.atttypid, a.atttypmod) FROM pg_catalog.pg_attribute a
    WHERE a.attrelid = 'retail.product_description_embeddings'::regclass AND a.attname = 'description_embedding') AS embedding_type`;

interface CheckRow {
  app_user: { rolname: string; rolsuper: boolean; rolbypassrls: boolean } | null;
  session_is_superuser: boolean | null;
  reader: { rolsuper: boolean; rolbypassrls: boolean; rolcreaterole: boolean; rolcreatedb: boolean } | null;
  reader_can_set_config: boolean | null;
  rls_disabled: string[];
  rls_not_forced: string[];
  reader_owns: string[];
  reader_can_write: string[];
  reader_reads_app: string[];
  embedding_type: string | null;
}

/** Returns the problems found; an empty list means the database is safe to serve from. */
export async function checkDatabaseSafety(db: Database, options: { embeddingDimensions?: number } = {}): Promise<string[]> {
  let row: CheckRow | undefined;
  try {
    row = (await db.query<CheckRow>(CHECK_SQL, [READER_ROLE])).rows[0];
  } catch (error) {
    return [`The safety check could not run (${error instanceof Error ? error.message : String(error)}); run npm run db:migrate.`];
  }
  if (!row) return ['The safety check returned nothing.'];
  const problems: string[] = [];
  const user = row.app_user;
  if (user?.rolsuper) problems.push(`Database user "${user.rolname}" is a superuser, which bypasses RLS: connect as a non-superuser owner.`);
  if (user?.rolbypassrls) problems.push(`Database user "${user.rolname}" has BYPASSRLS: connect as a role without it.`);
  // A superuser session (embedded PGlite) is tolerable only when the reader cannot switch roles through set_config.
  if (row.session_is_superuser && row.reader_can_set_config) {
    problems.push('The session user is a superuser and the reader can call set_config: revoke EXECUTE on set_config from PUBLIC.');
  }
  if (!row.reader) problems.push(`Role ${READER_ROLE} is missing: run npm run db:migrate.`);
  else {
    if (row.reader.rolsuper) problems.push(`Role ${READER_ROLE} is a superuser.`);
    if (row.reader.rolbypassrls) problems.push(`Role ${READER_ROLE} has BYPASSRLS.`);
    if (row.reader.rolcreaterole || row.reader.rolcreatedb) problems.push(`Role ${READER_ROLE} can create roles or databases.`);
  }
  for (const t of row.rls_disabled) problems.push(`Table retail.${t} does not have row level security enabled.`);
  for (const t of row.rls_not_forced) problems.push(`Table retail.${t} does not FORCE row level security.`);
  for (const t of row.reader_owns) problems.push(`Role ${READER_ROLE} owns ${t}; it must own nothing.`);
  for (const t of row.reader_can_write) problems.push(`Role ${READER_ROLE} can write to ${t}; it must have SELECT only.`);
  for (const t of row.reader_reads_app) problems.push(`Role ${READER_ROLE} can read app.${t} directly.`);
  if (options.embeddingDimensions && row.embedding_type && row.embedding_type !== `vector(${options.embeddingDimensions})`) {
    problems.push(`The embedding column is ${row.embedding_type} but the embedder gives ${options.embeddingDimensions} dimensions.`);
  }
  return problems;
}
