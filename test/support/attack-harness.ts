// Helpers for the attack suite (test/security): superuser snapshots of everything an attack could change, the
// secrets a caller must never see, and the checks of one tool outcome.

import type { Database } from '../../src/data/database.js';
import { PRINCIPALS } from '../../src/seed/stores.js';
import type { AttackCase, Attacker } from '../security/attack-cases.js';
import type { TestTarget } from './targets.js';
import type { ToolOutcome } from './tool-call.js';

/** The call that must keep working after every attack, returning exactly the caller's stores. */
export const BENIGN_SQL = 'SELECT DISTINCT store_id FROM retail.orders ORDER BY 1';

export interface CallerContext {
  who: Attacker;
  principalId: string;
  storeIds: number[];
  /** Values only other tenants have: their customers' e-mails, other principals' ids and names. */
  foreignValues: string[];
  /** All-store row counts (different from the caller's own), as patterns: they reveal other tenants' volume. */
  totals: Array<{ label: string; pattern: RegExp }>;
}

const STORE_TABLES = ['orders', 'customers', 'order_items', 'inventory'] as const;

export async function loadCallerContext(target: TestTarget, who: Attacker): Promise<CallerContext> {
  const principal = PRINCIPALS[who];
  const storeIds = [...principal.storeIds].sort((a, b) => a - b);
  const emails = await target.admin<{ email: string }>('SELECT email FROM retail.customers WHERE NOT (store_id = ANY($1::int[]))', [storeIds]);
  const others = await target.admin<{ principal_id: string; display_name: string }>(
    'SELECT principal_id, display_name FROM app.principals WHERE principal_id <> $1',
    [principal.principalId],
  );
  if (emails.length === 0 || others.length === 0) throw new Error('the seed has no other tenants to use as canaries');
  const totals: CallerContext['totals'] = [];
  for (const table of STORE_TABLES) {
    const [row] = await target.admin<{ total: number; mine: number }>(
      `SELECT count(*)::int AS total, (count(*) FILTER (WHERE store_id = ANY($1::int[])))::int AS mine FROM retail.${table}`,
      [storeIds],
    );
    if (row && row.total !== row.mine) {
      totals.push({ label: `all-store ${table} count ${row.total}`, pattern: new RegExp(`(?<![\\d.])${row.total}(?![\\d])`) });
    }
  }
  return {
    who,
    principalId: principal.principalId,
    storeIds,
    foreignValues: [...emails.map((e) => e.email), ...others.flatMap((p) => [p.principal_id, p.display_name])],
    totals,
  };
}

/** Waits until every pooled connection is back (the tool's ROLLBACK runs after it answered). */
export async function waitForIdlePool(database: Database, timeoutMs = 20_000): Promise<void> {
  const pool = database.pool as unknown as { totalCount: number; idleCount: number; waitingCount: number };
  const deadline = Date.now() + timeoutMs;
  while (pool.waitingCount > 0 || pool.idleCount < pool.totalCount) {
    if (Date.now() > deadline) throw new Error('the pool did not become idle: a connection is still busy after the call');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/**
 * Everything an attack could change, per item (as superuser, outside RLS): the content of every retail and app
 * table, roles and memberships, RLS flags, grants, policies, objects, functions, comments, labels, large objects,
 * settings, and session state that outlives a call (advisory locks, sessions left inside a transaction).
 */
const STATE_SQL = `
SELECT
  (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.store_id), '')) FROM retail.stores t) AS "retail.stores",
  (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.category_id), '')) FROM retail.categories t) AS "retail.categories",
  (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.type_id), '')) FROM retail.product_types t) AS "retail.product_types",
  (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.product_id), '')) FROM retail.products t) AS "retail.products",
  (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.customer_id), '')) FROM retail.customers t) AS "retail.customers",
  (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.order_id), '')) FROM retail.orders t) AS "retail.orders",
  (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.order_item_id), '')) FROM retail.order_items t) AS "retail.order_items",
  (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.store_id, t.product_id), '')) FROM retail.inventory t) AS "retail.inventory",
  (SELECT count(*) || ':' || md5(coalesce(string_agg(concat_ws(':', t.product_id, t.embedding_model, t.text_hash, t.last_updated,
      md5(t.description_embedding::text)), '|' ORDER BY t.product_id), ''))
     FROM retail.product_description_embeddings t) AS "retail.product_description_embeddings",
  (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.principal_id), '')) FROM app.principals t) AS "app.principals",
  (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.principal_id, t.store_id), '')) FROM app.principal_stores t) AS "app.principal_stores",
  (SELECT count(*) || ' rows:' || md5(coalesce(string_agg(t::text, '|' ORDER BY t.xid::text), '')) FROM app.tx_scope t) AS "app.tx_scope",
  (SELECT string_agg(format('%s super=%s bypassrls=%s inherit=%s createrole=%s createdb=%s login=%s',
      rolname, rolsuper, rolbypassrls, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin), '; ' ORDER BY rolname)
     FROM pg_roles WHERE rolname LIKE 'zava%') AS "roles",
  (SELECT coalesce(string_agg(x, ', ' ORDER BY x), '') FROM (
     SELECT r.rolname || ' > ' || m.rolname AS x FROM pg_auth_members a
       JOIN pg_roles r ON r.oid = a.roleid JOIN pg_roles m ON m.oid = a.member
      WHERE r.rolname LIKE 'zava%' OR m.rolname LIKE 'zava%') s) AS "role memberships",
  (SELECT string_agg(x, '; ' ORDER BY x) FROM (
     SELECT format('%s.%s rls=%s force=%s owner=%s acl=%s', n.nspname, c.relname, c.relrowsecurity, c.relforcerowsecurity,
            pg_get_userbyid(c.relowner), c.relacl) AS x
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname IN ('retail', 'app') AND c.relkind IN ('r', 'p', 'v', 'm')) s) AS "RLS flags and grants",
  (SELECT md5(string_agg(x, '|' ORDER BY x)) FROM (
     SELECT format('%s.%s %s', n.nspname, c.relname, c.relkind) AS x
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%') s) AS "relations",
  (SELECT md5(string_agg(x, '|' ORDER BY x)) FROM (
     SELECT format('%s.%s(%s) secdef=%s acl=%s src=%s', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid),
            p.prosecdef, p.proacl, md5(p.prosrc)) AS x
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')) s) AS "functions",
  (SELECT string_agg(x, '; ' ORDER BY x) FROM (
     SELECT p.oid::regprocedure::text || ' acl=' || coalesce(p.proacl::text, 'default') AS x FROM pg_proc p
      WHERE p.pronamespace = 'pg_catalog'::regnamespace
        AND p.proname IN ('set_config', 'query_to_xml', 'query_to_xmlschema', 'query_to_xml_and_xmlschema', 'table_to_xml',
                          'pg_read_file', 'lo_import', 'lo_export')) s) AS "catalog function grants",
  (SELECT string_agg(x, '; ' ORDER BY x) FROM (
     SELECT nspname || ' owner=' || pg_get_userbyid(nspowner) || ' acl=' || coalesce(nspacl::text, 'default') AS x
       FROM pg_namespace) s) AS "schemas",
  (SELECT coalesce(string_agg(x, '; ' ORDER BY x), '') FROM (
     SELECT format('%s %s cmd=%s permissive=%s roles=%s using=%s check=%s', polrelid::regclass, polname, polcmd, polpermissive,
            polroles::text, pg_get_expr(polqual, polrelid), pg_get_expr(polwithcheck, polrelid)) AS x FROM pg_policy) s) AS "policies",
  (SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal) || ' triggers, ' ||
  (SELECT count(*) FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')) || ' rules, ' ||
  (SELECT count(*) FROM pg_event_trigger) || ' event triggers' AS "triggers and rules",
  (SELECT string_agg(extname || ' ' || extversion, ', ' ORDER BY extname) FROM pg_extension) AS "extensions",
  (SELECT md5(coalesce(string_agg(x, '|' ORDER BY x), '')) FROM (
     SELECT objoid || ':' || classoid || ':' || objsubid || ':' || description AS x FROM pg_description WHERE objoid >= 16384) s) AS "comments",
  (SELECT count(*) FROM pg_seclabel)::text AS "security labels",
  (SELECT count(*) FROM pg_largeobject_metadata)::text AS "large objects",
  (SELECT coalesce(string_agg(x, '; ' ORDER BY x), '') FROM (
     SELECT setdatabase || '/' || setrole || '=' || setconfig::text AS x FROM pg_db_role_setting) s) AS "role and database settings",
  (SELECT datname || ' owner=' || pg_get_userbyid(datdba) || ' acl=' || coalesce(datacl::text, 'default')
     FROM pg_database WHERE datname = current_database()) AS "database",
  (SELECT count(*) FROM pg_default_acl)::text AS "default privileges",
  (SELECT count(*) FROM pg_prepared_xacts)::text AS "prepared transactions",
  (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory')::text AS "session: advisory locks held",
  -- Only sessions stuck for a while: other test files share this database and have short transactions in flight.
  (SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
     AND state LIKE 'idle in transaction%' AND state_change < now() - interval '3 seconds')::text AS "session: connections left in a transaction"`;

export type DbState = Record<string, string>;

export async function snapshotState(target: TestTarget): Promise<DbState> {
  await waitForIdlePool(target.database);
  const [row] = await target.admin<Record<string, unknown>>(STATE_SQL);
  if (!row) throw new Error('the state snapshot returned nothing');
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null || v === undefined ? 'null' : String(v)]));
}

/** The items that differ, described for a failure message. */
export function diffState(before: DbState, after: DbState): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const out: string[] = [];
  for (const k of keys) {
    if (before[k] !== after[k]) out.push(`${k}: ${short(before[k])} -> ${short(after[k])}`);
  }
  return out;
}

function short(v: string | undefined): string {
  if (v === undefined) return '(missing)';
  return v.length > 300 ? `${v.slice(0, 300)}…` : v;
}

/**
 * Rows of the structured result as objects keyed by column (empty when there is none). The tool sends each row
 * as an array in column order; a row in any other shape is kept as it is, so its store ids are still inspected.
 */
export function rowsOf(out: ToolOutcome): Array<Record<string, unknown>> {
  const rows = out.structured?.rows;
  if (!Array.isArray(rows)) return [];
  const columns = ((out.structured?.columns ?? []) as Array<{ name: string }>).map((c) => c.name);
  return rows.map((row) =>
    Array.isArray(row) ? Object.fromEntries(row.map((value, i) => [columns[i] ?? `column_${i + 1}`, value])) : (row as Record<string, unknown>),
  );
}

function storeIdsIn(value: unknown): number[] {
  if (value === null || value === undefined) return [];
  if (typeof value === 'number') return [value];
  if (typeof value === 'bigint') return [Number(value)];
  if (Array.isArray(value)) return value.flatMap(storeIdsIn);
  if (typeof value === 'string') return (value.match(/-?\d+/g) ?? []).map(Number);
  return [];
}

/** Problems with a 'refused' outcome. */
export function refusalProblems(out: ToolOutcome): string[] {
  const problems: string[] = [];
  if (!out.isError) problems.push('expected a refusal (isError), but the query ran');
  if (out.text.trim() === '') problems.push('the refusal has no message');
  if (rowsOf(out).length > 0) problems.push(`the refusal carries ${rowsOf(out).length} rows`);
  return problems;
}

/** Problems with an outcome that ran: every store id is the caller's, no foreign value or total, truth matches. */
export function scopeProblems(c: AttackCase, out: ToolOutcome, caller: CallerContext, truth: Array<Record<string, unknown>> | undefined): string[] {
  const problems: string[] = [];
  const allowed = new Set(caller.storeIds);
  const rows = rowsOf(out);
  const foreignIds = new Set<number>();
  for (const row of rows) {
    for (const [col, value] of Object.entries(row)) {
      if (!/store_id/i.test(col)) continue;
      for (const id of storeIdsIn(value)) if (!allowed.has(id)) foreignIds.add(id);
    }
  }
  // Store ids inside XML or text the query built (query_to_xml and friends).
  for (const m of out.text.matchAll(/<store_id>\s*(-?\d+)\s*<\/store_id>/g)) {
    const id = Number(m[1]);
    if (!allowed.has(id)) foreignIds.add(id);
  }
  if (foreignIds.size > 0) problems.push(`rows of other stores leaked: store_id ${[...foreignIds].sort((a, b) => a - b).join(', ')}`);
  // A value the attacker wrote into the query (e.g. the head-office id it tries to become) is no leak.
  const leaked = caller.foreignValues.filter((v) => out.text.includes(v) && !c.sql.includes(v));
  if (leaked.length > 0) problems.push(`other tenants' values leaked (${leaked.length}): ${leaked.slice(0, 5).join(', ')}`);
  if (c.secrets?.includes('totals')) {
    const totals = caller.totals.filter((t) => t.pattern.test(out.text));
    if (totals.length > 0) problems.push(`all-store volumes leaked: ${totals.map((t) => t.label).join('; ')}`);
  }
  if (truth) {
    if (rows.length !== truth.length) {
      problems.push(`expected ${truth.length} rows (the caller's own data), got ${rows.length}: ${JSON.stringify(rows).slice(0, 300)}`);
    } else {
      truth.forEach((t, i) => {
        for (const [k, v] of Object.entries(t)) {
          const got = rows[i]?.[k];
          if (String(got) !== String(v)) problems.push(`row ${i} column ${k}: expected ${String(v)} (caller's own data), got ${String(got)}`);
        }
      });
    }
  }
  return problems;
}
