// Startup self-check: the server refuses to serve unless the database enforces tenancy on its own.

import type { Database } from './database.js';
import { READER_ROLE } from './database.js';

/** Built-in (and managed-service) roles whose members read or affect more than one tenant's data. */
const PRIVILEGED_ROLES = [
  'pg_read_all_data',
  'pg_write_all_data',
  'pg_read_all_stats',
  'pg_monitor',
  'pg_read_server_files',
  'pg_write_server_files',
  'pg_execute_server_program',
  'pg_signal_backend',
  'neon_superuser',
  'azure_pg_admin',
];

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
  session_user::text AS session_user_name,
  (SELECT coalesce(json_agg(DISTINCT r.rolname), '[]') FROM pg_catalog.pg_class c
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace JOIN pg_catalog.pg_roles r ON r.oid = c.relowner
    WHERE n.nspname IN ('retail', 'retail_summary', 'app') AND c.relkind IN ('r', 'p')
      AND pg_catalog.pg_has_role(session_user, c.relowner, 'MEMBER')) AS session_owner_roles,
  (SELECT coalesce(json_agg(r.rolname ORDER BY r.rolname), '[]') FROM pg_catalog.pg_roles r
    WHERE r.rolname = ANY ($2::text[]) AND pg_catalog.pg_has_role(session_user, r.oid, 'MEMBER')) AS session_privileged_roles,
  (SELECT pg_catalog.pg_has_role(session_user, reader.oid, 'MEMBER') FROM reader) AS session_can_be_reader,
  (SELECT coalesce(json_agg(c.relname ORDER BY c.relname), '[]') FROM pg_catalog.pg_class c
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'app' AND c.relkind = 'r'
      AND pg_catalog.has_table_privilege(session_user, c.oid, 'SELECT')) AS session_reads_app,
  (SELECT row_to_json(reader) FROM reader) AS reader,
  (SELECT pg_catalog.has_function_privilege($1, 'pg_catalog.set_config(text,text,boolean)', 'EXECUTE')
     WHERE EXISTS (SELECT 1 FROM reader)) AS reader_can_set_config,
  (SELECT coalesce(json_agg(n.nspname || '.' || c.relname ORDER BY n.nspname, c.relname), '[]') FROM pg_catalog.pg_class c
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname IN ('retail', 'retail_summary') AND c.relkind IN ('r', 'p') AND NOT c.relrowsecurity) AS rls_disabled,
  (SELECT coalesce(json_agg(n.nspname || '.' || c.relname ORDER BY n.nspname, c.relname), '[]') FROM pg_catalog.pg_class c
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname IN ('retail', 'retail_summary') AND c.relkind IN ('r', 'p') AND NOT c.relforcerowsecurity) AS rls_not_forced,
  (SELECT coalesce(json_agg(c.relname ORDER BY c.relname), '[]') FROM pg_catalog.pg_class c, reader
    WHERE c.relowner = reader.oid) AS reader_owns,
  (SELECT coalesce(json_agg(n.nspname || '.' || c.relname ORDER BY c.relname), '[]') FROM pg_catalog.pg_class c
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname IN ('retail', 'retail_summary', 'app') AND c.relkind IN ('r', 'p', 'v', 'm') AND EXISTS (SELECT 1 FROM reader)
      AND pg_catalog.has_table_privilege($1, c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES')) AS reader_can_write,
  (SELECT coalesce(json_agg(c.relname ORDER BY c.relname), '[]') FROM pg_catalog.pg_class c
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'app' AND c.relkind = 'r' AND EXISTS (SELECT 1 FROM reader)
      AND pg_catalog.has_table_privilege($1, c.oid, 'SELECT')) AS reader_reads_app,
  (SELECT json_build_object('definer', p.prosecdef, 'config', p.proconfig) FROM pg_catalog.pg_proc p
     JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = 'app' AND p.proname = 'open_caller_cursor') AS caller_cursor,
  (SELECT pg_catalog.format_type(a.atttypid, a.atttypmod) FROM pg_catalog.pg_attribute a
     JOIN pg_catalog.pg_class c ON c.oid = a.attrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'retail' AND c.relname = 'product_description_embeddings' AND a.attname = 'description_embedding') AS embedding_type`;

interface CheckRow {
  app_user: { rolname: string; rolsuper: boolean; rolbypassrls: boolean } | null;
  session_is_superuser: boolean | null;
  session_user_name: string;
  session_owner_roles: string[];
  session_privileged_roles: string[];
  session_can_be_reader: boolean | null;
  session_reads_app: string[];
  reader: { rolsuper: boolean; rolbypassrls: boolean; rolcreaterole: boolean; rolcreatedb: boolean } | null;
  reader_can_set_config: boolean | null;
  rls_disabled: string[];
  rls_not_forced: string[];
  reader_owns: string[];
  reader_can_write: string[];
  reader_reads_app: string[];
  caller_cursor: { definer: boolean; config: string[] | null } | null;
  embedding_type: string | null;
}

/** Returns the problems found; an empty list means the database is safe to serve from. */
export async function checkDatabaseSafety(db: Database, options: { embeddingDimensions?: number } = {}): Promise<string[]> {
  let row: CheckRow | undefined;
  try {
    row = (await db.query<CheckRow>(CHECK_SQL, [READER_ROLE, PRIVILEGED_ROLES])).rows[0];
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
  // Where the reader can call set_config (PostgreSQL, Neon), set_config('role', 'none', true) returns a caller who
  // got past the SQL guard to the session user: that login must be able to read nothing and become no one else.
  if (row.reader_can_set_config && !row.session_is_superuser) {
    const session = row.session_user_name;
    const login =
      "run the server as the runtime login zava_app, which is created by SQL and holds nothing: npm run db:login prints its DATABASE_URL (keep the owner's URL as DATABASE_OWNER_URL for migrations).";
    for (const owner of row.session_owner_roles) {
      problems.push(
        `Database user "${session}" is, or can become, "${owner}", which owns the tables: a query that got past the SQL guard could switch to it with set_config('role', ...); ${login}`,
      );
    }
    if (row.session_privileged_roles.length > 0) {
      problems.push(
        `Database user "${session}" is a member of ${row.session_privileged_roles.join(', ')}, which reach every tenant's data or sessions; ${login}`,
      );
    }
    if (row.session_owner_roles.length === 0) {
      for (const t of row.session_reads_app)
        problems.push(`Database user "${session}" can read app.${t} directly; revoke it (only ${READER_ROLE}'s functions may read it).`);
    }
  }
  if (row.reader && row.session_can_be_reader === false) {
    problems.push(
      `Database user "${row.session_user_name}" cannot SET ROLE ${READER_ROLE}: run npm run db:migrate, then connect as the login npm run db:login prints.`,
    );
  }
  if (!row.reader) problems.push(`Role ${READER_ROLE} is missing: run npm run db:migrate.`);
  else {
    if (row.reader.rolsuper) problems.push(`Role ${READER_ROLE} is a superuser.`);
    if (row.reader.rolbypassrls) problems.push(`Role ${READER_ROLE} has BYPASSRLS.`);
    if (row.reader.rolcreaterole || row.reader.rolcreatedb) problems.push(`Role ${READER_ROLE} can create roles or databases.`);
  }
  // Store data and the sales summaries derived from it (retail_summary) alike.
  for (const t of row.rls_disabled) problems.push(`Table ${t} does not have row level security enabled.`);
  for (const t of row.rls_not_forced) problems.push(`Table ${t} does not FORCE row level security.`);
  for (const t of row.reader_owns) problems.push(`Role ${READER_ROLE} owns ${t}; it must own nothing.`);
  for (const t of row.reader_can_write) problems.push(`Role ${READER_ROLE} can write to ${t}; it must have SELECT only.`);
  for (const t of row.reader_reads_app) problems.push(`Role ${READER_ROLE} can read app.${t} directly.`);
  // The caller's SQL runs inside this function: it must run as the caller (zava_reader), with the caller's settings.
  if (!row.caller_cursor) problems.push('Function app.open_caller_cursor is missing: run npm run db:migrate.');
  else if (row.caller_cursor.definer || row.caller_cursor.config) {
    problems.push("Function app.open_caller_cursor must be SECURITY INVOKER without SET clauses: the caller's SQL runs inside it.");
  }
  if (options.embeddingDimensions && row.embedding_type && row.embedding_type !== `vector(${options.embeddingDimensions})`) {
    problems.push(`The embedding column is ${row.embedding_type} but the embedder gives ${options.embeddingDimensions} dimensions.`);
  }
  return problems;
}
