// The attack catalogue for execute_sales_query, as data. attack-suite.test.ts runs every case against every database
// target, once with the SQL guard on and once with it switched off, to show that the database layer (READ ONLY
// transaction, zava_reader, FORCE'd row level security, the per-transaction scope row) holds on its own.
//
// expect:
//   'refused'            the tool answers isError with a message and no rows, with the guard on AND off.
//   'scoped'             the query may run, but only ever shows the caller's own stores (checked against `truth`,
//                        store_id values, and canaries: other tenants' e-mails and other principals' ids/names).
//   'refused-or-scoped'  refused, or it ran and is scoped; `scoped` says what "scoped" means for the case.
// With the guard on, every case except the 'scoped' ones must also be refused by the guard itself (`guard`).
// After every case the suite checks that nothing changed (data, roles, RLS flags, policies, grants, objects,
// app.tx_scope, session-level locks) and that the next benign call still sees exactly the caller's stores.

import { PRINCIPALS } from '../../src/seed/stores.js';

export type AttackCategory =
  | 'multi-statement'
  | 'write-ddl'
  | 'data-modifying-cte'
  | 'context-tampering'
  | 'indirect-execution'
  | 'file-server'
  | 'catalog-leak'
  | 'oracle'
  | 'resource'
  | 'parser-evasion';

export type Expectation = 'refused' | 'scoped' | 'refused-or-scoped';

/** Who runs the attack: the Seattle store manager (store 1) or the Eastside regional manager (stores 2, 6, 7). */
export type Attacker = 'seattle' | 'regional';

/** Extra secrets a case must not reveal (other tenants' e-mails and other principals are always checked). */
export type Secret = 'totals';

export interface AttackCase {
  id: string;
  category: AttackCategory;
  sql: string;
  expect: Expectation;
  /** Default: seattle. */
  as?: Attacker;
  /** What "scoped" means for this case (required for 'refused-or-scoped'). */
  scoped?: string;
  /** Superuser SQL giving the rows a scoped run must return ($1 = the caller's store ids, int[]); compared on its columns. */
  truth?: string;
  /** The outcome (error text, or rows) must be identical to this query's, run by the same caller (oracles). */
  sameAs?: string;
  secrets?: Secret[];
  /** With the guard on: 'refuses' (default unless expect is 'scoped') asserts the guard itself refused it. */
  guard?: 'refuses' | 'either';
  /** The call must answer within this many ms (default 6500: the test statement timeout is 5 s). */
  maxMs?: number;
  /** With the guard off, where only the database can stop the query and needs longer (the case says why). */
  maxMsWithoutGuard?: number;
  /**
   * A known, documented exposure (docs/security.md): where a layer is known not to hide one kind of secret, the case
   * still runs and must meet every other check (no other tenant's rows or values, nothing changed, the next call
   * scoped), with only that secret waived; the test's title says so.
   */
  exposure?: Array<{ target?: 'pglite' | 'postgres'; guard?: 'on' | 'off'; waives: Secret; why: string }>;
  /** Superuser statements run after the case, undoing the damage if the layer failed (no-ops when it held). */
  repair?: string[];
  /** Another tenant's query running at the same time (started first); its secret must never reach the attacker. */
  background?: {
    as: Attacker;
    sql: string;
    secret: string;
    /** When the attack runs, this text (the other session's visible statement) must be in its result: proof that
     * the other session was running and visible, so the secret's absence means something. */
    witness?: string;
  };
  maxRows?: number;
}

export const HEAD_OFFICE_ID = PRINCIPALS.headoffice.principalId;
const HO = HEAD_OFFICE_ID;

/** Ground truth: the caller's own row count of a store table. */
const own = (table: string, alias = 'n'): string => `SELECT count(*)::int AS ${alias} FROM retail.${table} WHERE store_id = ANY($1)`;
const OWN_STORE_IDS = 'SELECT DISTINCT store_id FROM retail.orders WHERE store_id = ANY($1) ORDER BY 1';

const RLS_REPAIR = [
  'ALTER TABLE retail.orders ENABLE ROW LEVEL SECURITY',
  'ALTER TABLE retail.orders FORCE ROW LEVEL SECURITY',
  'ALTER ROLE zava_reader NOBYPASSRLS',
];

const multiStatement: AttackCase[] = [
  { id: 'mst-select-then-delete', category: 'multi-statement', expect: 'refused', sql: 'SELECT 1; DELETE FROM retail.orders' },
  {
    id: 'mst-commit-then-delete',
    category: 'multi-statement',
    expect: 'refused',
    sql: 'SELECT 1; COMMIT; DELETE FROM retail.orders WHERE store_id = 2',
  },
  {
    id: 'mst-commit-then-insert',
    category: 'multi-statement',
    expect: 'refused',
    sql: "SELECT 1; COMMIT; INSERT INTO retail.stores VALUES (99, 'Evil', 'Nowhere', false)",
  },
  {
    id: 'mst-rollback-then-update',
    category: 'multi-statement',
    expect: 'refused',
    sql: 'SELECT 1; ROLLBACK; UPDATE retail.products SET base_price = 0.01',
  },
  { id: 'mst-begin', category: 'multi-statement', expect: 'refused', sql: 'BEGIN' },
  { id: 'mst-begin-read-write', category: 'multi-statement', expect: 'refused', sql: 'BEGIN ISOLATION LEVEL SERIALIZABLE READ WRITE' },
  { id: 'mst-start-transaction', category: 'multi-statement', expect: 'refused', sql: 'START TRANSACTION READ WRITE' },
  { id: 'mst-commit', category: 'multi-statement', expect: 'refused', sql: 'COMMIT' },
  { id: 'mst-end', category: 'multi-statement', expect: 'refused', sql: 'END' },
  { id: 'mst-rollback', category: 'multi-statement', expect: 'refused', sql: 'ROLLBACK' },
  { id: 'mst-abort', category: 'multi-statement', expect: 'refused', sql: 'ABORT' },
  { id: 'mst-savepoint', category: 'multi-statement', expect: 'refused', sql: 'SAVEPOINT s1' },
  { id: 'mst-rollback-to-savepoint', category: 'multi-statement', expect: 'refused', sql: 'ROLLBACK TO SAVEPOINT s1' },
  { id: 'mst-release-savepoint', category: 'multi-statement', expect: 'refused', sql: 'RELEASE SAVEPOINT s1' },
  { id: 'mst-set-transaction-read-write', category: 'multi-statement', expect: 'refused', sql: 'SET TRANSACTION READ WRITE' },
  {
    id: 'mst-set-session-characteristics',
    category: 'multi-statement',
    expect: 'refused',
    sql: 'SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE',
  },
  { id: 'mst-prepare-transaction', category: 'multi-statement', expect: 'refused', sql: "PREPARE TRANSACTION 'zava_attack'" },
  { id: 'mst-commit-prepared', category: 'multi-statement', expect: 'refused', sql: "COMMIT PREPARED 'zava_attack'" },
  { id: 'mst-comment-hides-semicolon', category: 'multi-statement', expect: 'refused', sql: 'SELECT 1 /* ; */ ; DROP TABLE retail.orders' },
  {
    id: 'mst-select-then-set-rw',
    category: 'multi-statement',
    expect: 'refused',
    sql: 'SELECT 1; SET TRANSACTION READ WRITE; DELETE FROM retail.orders',
  },
  // Breaking out of the server's wrapper `SELECT * FROM (<sql>) AS caller_query LIMIT n`: close the parenthesis,
  // run statements, and reopen one so the whole text parses. This only works if the wrapped text is sent as a
  // simple-protocol batch; one extended-protocol statement would refuse it.
  {
    id: 'mst-wrapper-breakout-set-rw',
    category: 'multi-statement',
    expect: 'refused',
    sql: 'SELECT 1) AS a; SET TRANSACTION READ WRITE; SELECT * FROM (SELECT 1',
  },
  {
    id: 'mst-wrapper-breakout-reset-role',
    category: 'multi-statement',
    expect: 'refused',
    sql: 'SELECT 1) AS a; RESET ROLE; SELECT * FROM (SELECT principal_id, display_name FROM app.principals',
  },
  {
    id: 'mst-wrapper-breakout-commit-delete',
    category: 'multi-statement',
    expect: 'refused',
    sql: 'SELECT 1) AS a; COMMIT; DELETE FROM retail.orders WHERE store_id = 2; SELECT * FROM (SELECT 1',
  },
  {
    id: 'mst-wrapper-breakout-commit-maintenance-scope',
    category: 'multi-statement',
    expect: 'refused',
    sql: 'SELECT 1) AS a; COMMIT; SELECT app.open_maintenance_scope(); SELECT * FROM (SELECT 1',
  },
  {
    id: 'mst-wrapper-breakout-disable-rls',
    category: 'multi-statement',
    expect: 'refused',
    sql: 'SELECT 1) AS a; COMMIT; ALTER TABLE retail.orders DISABLE ROW LEVEL SECURITY; SELECT * FROM (SELECT 1',
    repair: RLS_REPAIR,
  },
  {
    id: 'mst-wrapper-breakout-reader-bypassrls',
    category: 'multi-statement',
    expect: 'refused',
    sql: 'SELECT 1) AS a; COMMIT; RESET ROLE; ALTER ROLE zava_reader BYPASSRLS; SELECT * FROM (SELECT 1',
    repair: RLS_REPAIR,
  },
  {
    // An error oracle over every tenant's data: the division fails only if store 2 has orders.
    id: 'mst-wrapper-breakout-error-oracle',
    category: 'multi-statement',
    expect: 'refused',
    sql: 'SELECT 1) AS a; COMMIT; SELECT app.open_maintenance_scope(); SELECT 1/(CASE WHEN (SELECT count(*) FROM retail.orders WHERE store_id = 2) > 0 THEN 0 ELSE 1 END); SELECT * FROM (SELECT 1',
    sameAs:
      'SELECT 1) AS a; COMMIT; SELECT app.open_maintenance_scope(); SELECT 1/(CASE WHEN (SELECT count(*) FROM retail.orders WHERE store_id = 999) > 0 THEN 0 ELSE 1 END); SELECT * FROM (SELECT 1',
  },
  {
    id: 'mst-wrapper-breakout-trailing-comment',
    category: 'multi-statement',
    expect: 'refused',
    sql: 'SELECT 1) AS a; COMMIT; DELETE FROM retail.orders; --',
  },
  {
    id: 'mst-wrapper-breakout-open-comment',
    category: 'multi-statement',
    expect: 'refused',
    sql: 'SELECT 1) AS a; COMMIT; DELETE FROM retail.orders; /*',
  },
];

const writeDdl: AttackCase[] = [
  {
    id: 'ddl-insert',
    category: 'write-ddl',
    expect: 'refused',
    sql: "INSERT INTO retail.stores (store_id, store_name, city) VALUES (99, 'Evil', 'Nowhere')",
  },
  {
    id: 'ddl-insert-select',
    category: 'write-ddl',
    expect: 'refused',
    sql: 'INSERT INTO retail.orders SELECT order_id + 1000000, customer_id, 1, order_date FROM retail.orders',
  },
  {
    id: 'ddl-insert-on-conflict',
    category: 'write-ddl',
    expect: 'refused',
    sql: "INSERT INTO retail.stores VALUES (1, 'x', 'y', false) ON CONFLICT (store_id) DO UPDATE SET store_name = 'Pwned'",
  },
  { id: 'ddl-update', category: 'write-ddl', expect: 'refused', sql: 'UPDATE retail.products SET base_price = 0.01' },
  { id: 'ddl-update-store-id', category: 'write-ddl', expect: 'refused', sql: 'UPDATE retail.orders SET store_id = 1 WHERE store_id = 2' },
  { id: 'ddl-delete', category: 'write-ddl', expect: 'refused', sql: 'DELETE FROM retail.orders' },
  {
    id: 'ddl-merge',
    category: 'write-ddl',
    expect: 'refused',
    sql: 'MERGE INTO retail.inventory i USING retail.products p ON i.product_id = p.product_id WHEN MATCHED THEN UPDATE SET stock_level = 0',
  },
  { id: 'ddl-truncate', category: 'write-ddl', expect: 'refused', sql: 'TRUNCATE retail.order_items, retail.orders CASCADE' },
  { id: 'ddl-copy-to-stdout', category: 'write-ddl', expect: 'refused', sql: 'COPY retail.orders TO STDOUT' },
  { id: 'ddl-copy-query-to-stdout', category: 'write-ddl', expect: 'refused', sql: 'COPY (SELECT * FROM retail.customers) TO STDOUT WITH CSV' },
  { id: 'ddl-copy-from-stdin', category: 'write-ddl', expect: 'refused', sql: 'COPY retail.stores FROM STDIN' },
  { id: 'ddl-create-table', category: 'write-ddl', expect: 'refused', sql: 'CREATE TABLE retail.evil (id int)' },
  { id: 'ddl-create-table-as', category: 'write-ddl', expect: 'refused', sql: 'CREATE TABLE public.loot AS SELECT * FROM retail.customers' },
  { id: 'ddl-create-temp-table', category: 'write-ddl', expect: 'refused', sql: 'CREATE TEMP TABLE orders AS SELECT 1 AS store_id' },
  { id: 'ddl-create-view', category: 'write-ddl', expect: 'refused', sql: 'CREATE VIEW public.all_orders AS SELECT * FROM retail.orders' },
  { id: 'ddl-create-matview', category: 'write-ddl', expect: 'refused', sql: 'CREATE MATERIALIZED VIEW public.mv AS SELECT * FROM retail.orders' },
  { id: 'ddl-create-index', category: 'write-ddl', expect: 'refused', sql: 'CREATE INDEX evil_idx ON retail.orders (order_date)' },
  {
    id: 'ddl-alter-disable-rls',
    category: 'write-ddl',
    expect: 'refused',
    sql: 'ALTER TABLE retail.orders DISABLE ROW LEVEL SECURITY',
    repair: RLS_REPAIR,
  },
  { id: 'ddl-alter-no-force-rls', category: 'write-ddl', expect: 'refused', sql: 'ALTER TABLE retail.customers NO FORCE ROW LEVEL SECURITY' },
  { id: 'ddl-alter-role-bypassrls', category: 'write-ddl', expect: 'refused', sql: 'ALTER ROLE zava_reader BYPASSRLS', repair: RLS_REPAIR },
  { id: 'ddl-drop-table', category: 'write-ddl', expect: 'refused', sql: 'DROP TABLE retail.orders CASCADE' },
  { id: 'ddl-drop-policy', category: 'write-ddl', expect: 'refused', sql: 'DROP POLICY read_own_stores ON retail.orders' },
  { id: 'ddl-create-policy', category: 'write-ddl', expect: 'refused', sql: 'CREATE POLICY open_all ON retail.orders FOR SELECT USING (true)' },
  { id: 'ddl-grant-table', category: 'write-ddl', expect: 'refused', sql: 'GRANT SELECT ON app.principals TO zava_reader' },
  { id: 'ddl-grant-role', category: 'write-ddl', expect: 'refused', sql: 'GRANT zava_owner TO zava_reader' },
  { id: 'ddl-revoke', category: 'write-ddl', expect: 'refused', sql: 'REVOKE SELECT ON retail.orders FROM zava_reader' },
  {
    id: 'ddl-create-function',
    category: 'write-ddl',
    expect: 'refused',
    sql: "CREATE FUNCTION public.evil() RETURNS int LANGUAGE sql SECURITY DEFINER AS 'SELECT count(*)::int FROM retail.orders'",
  },
  {
    id: 'ddl-replace-scope-function',
    category: 'write-ddl',
    expect: 'refused',
    sql: 'CREATE OR REPLACE FUNCTION app.scope_store_ids() RETURNS integer[] LANGUAGE sql STABLE AS $$ SELECT ARRAY[1,2,3,4,5,6,7,8] $$',
  },
  { id: 'ddl-do-block', category: 'write-ddl', expect: 'refused', sql: "DO $$ BEGIN EXECUTE 'DELETE FROM retail.orders'; END $$" },
  { id: 'ddl-call', category: 'write-ddl', expect: 'refused', sql: 'CALL app.open_maintenance_scope()' },
  { id: 'ddl-vacuum', category: 'write-ddl', expect: 'refused', sql: 'VACUUM FULL retail.orders' },
  { id: 'ddl-analyze', category: 'write-ddl', expect: 'refused', sql: 'ANALYZE retail.orders' },
  { id: 'ddl-lock', category: 'write-ddl', expect: 'refused', sql: 'LOCK TABLE retail.orders IN ACCESS EXCLUSIVE MODE' },
  { id: 'ddl-reindex', category: 'write-ddl', expect: 'refused', sql: 'REINDEX TABLE retail.orders' },
  { id: 'ddl-cluster', category: 'write-ddl', expect: 'refused', sql: 'CLUSTER retail.orders USING orders_pkey' },
  { id: 'ddl-comment', category: 'write-ddl', expect: 'refused', sql: "COMMENT ON TABLE retail.orders IS 'owned'" },
  { id: 'ddl-security-label', category: 'write-ddl', expect: 'refused', sql: "SECURITY LABEL ON TABLE retail.orders IS 'public'" },
  { id: 'ddl-refresh-matview', category: 'write-ddl', expect: 'refused', sql: 'REFRESH MATERIALIZED VIEW public.mv' },
  { id: 'ddl-create-role', category: 'write-ddl', expect: 'refused', sql: 'CREATE ROLE evil LOGIN SUPERUSER' },
  { id: 'ddl-create-extension', category: 'write-ddl', expect: 'refused', sql: 'CREATE EXTENSION IF NOT EXISTS dblink' },
  {
    id: 'ddl-create-trigger',
    category: 'write-ddl',
    expect: 'refused',
    sql: 'CREATE TRIGGER t BEFORE INSERT ON retail.orders FOR EACH ROW EXECUTE FUNCTION app.open_maintenance_scope()',
  },
  {
    id: 'ddl-create-rule',
    category: 'write-ddl',
    expect: 'refused',
    sql: 'CREATE RULE r AS ON SELECT TO retail.orders DO INSTEAD SELECT * FROM retail.orders',
  },
  { id: 'ddl-prepare-execute', category: 'write-ddl', expect: 'refused', sql: 'PREPARE p AS DELETE FROM retail.orders' },
  { id: 'ddl-declare-cursor', category: 'write-ddl', expect: 'refused', sql: 'DECLARE c CURSOR WITH HOLD FOR SELECT * FROM retail.orders' },
  { id: 'ddl-discard-all', category: 'write-ddl', expect: 'refused', sql: 'DISCARD ALL' },
  { id: 'ddl-notify', category: 'write-ddl', expect: 'refused', sql: "NOTIFY zava, 'hello'" },
  { id: 'ddl-checkpoint', category: 'write-ddl', expect: 'refused', sql: 'CHECKPOINT' },
  { id: 'ddl-explain-analyze-delete', category: 'write-ddl', expect: 'refused', sql: 'EXPLAIN ANALYZE DELETE FROM retail.orders' },
  { id: 'ddl-select-into', category: 'write-ddl', expect: 'refused', sql: 'SELECT * INTO public.loot FROM retail.customers' },
  { id: 'ddl-select-into-temp', category: 'write-ddl', expect: 'refused', sql: 'SELECT * INTO TEMP loot FROM retail.orders' },
  { id: 'ddl-for-update', category: 'write-ddl', expect: 'refused', sql: 'SELECT order_id, store_id FROM retail.orders FOR UPDATE' },
  {
    id: 'ddl-for-share-skip-locked',
    category: 'write-ddl',
    expect: 'refused',
    sql: 'SELECT order_id, store_id FROM retail.orders FOR SHARE SKIP LOCKED',
  },
  {
    id: 'ddl-for-no-key-update-of',
    category: 'write-ddl',
    expect: 'refused',
    sql: 'SELECT o.order_id FROM retail.orders o JOIN retail.customers c USING (customer_id) FOR NO KEY UPDATE OF o',
  },
];

const dataModifyingCte: AttackCase[] = [
  {
    id: 'cte-delete',
    category: 'data-modifying-cte',
    expect: 'refused',
    sql: 'WITH d AS (DELETE FROM retail.orders RETURNING *) SELECT count(*) FROM d',
  },
  {
    id: 'cte-update',
    category: 'data-modifying-cte',
    expect: 'refused',
    sql: 'WITH u AS (UPDATE retail.products SET base_price = 0.01 RETURNING product_id) SELECT count(*) FROM u',
  },
  {
    id: 'cte-insert',
    category: 'data-modifying-cte',
    expect: 'refused',
    sql: "WITH i AS (INSERT INTO retail.stores VALUES (99, 'Evil', 'Nowhere', false) RETURNING *) SELECT * FROM i",
  },
  {
    id: 'cte-update-returning-other-stores',
    category: 'data-modifying-cte',
    expect: 'refused',
    sql: 'WITH u AS (UPDATE retail.orders SET store_id = store_id RETURNING store_id, order_id) SELECT store_id, count(*) FROM u GROUP BY 1',
  },
  {
    id: 'cte-nested',
    category: 'data-modifying-cte',
    expect: 'refused',
    sql: 'WITH a AS (SELECT 1), b AS (DELETE FROM retail.inventory WHERE store_id = 2 RETURNING 1) SELECT (SELECT count(*) FROM b)',
  },
  {
    id: 'cte-insert-scope-row',
    category: 'data-modifying-cte',
    expect: 'refused',
    sql: `WITH s AS (INSERT INTO app.tx_scope VALUES (pg_current_xact_id(), '${HO}', 'head_office', NULL, true) RETURNING 1) SELECT count(*) FROM s`,
  },
  {
    id: 'cte-delete-principal-stores',
    category: 'data-modifying-cte',
    expect: 'refused',
    sql: 'WITH d AS (DELETE FROM app.principal_stores RETURNING *) SELECT count(*) FROM d',
  },
  {
    id: 'cte-update-pg-settings',
    category: 'data-modifying-cte',
    expect: 'refused',
    sql: "WITH s AS (UPDATE pg_settings SET setting = 'zava_owner' WHERE name = 'role' RETURNING setting) SELECT * FROM s",
  },
  {
    id: 'cte-in-subquery',
    category: 'data-modifying-cte',
    expect: 'refused',
    sql: 'SELECT * FROM (WITH d AS (DELETE FROM retail.orders RETURNING store_id) SELECT store_id FROM d) x',
  },
  {
    id: 'cte-merge',
    category: 'data-modifying-cte',
    expect: 'refused',
    sql: 'WITH m AS (MERGE INTO retail.inventory i USING retail.products p ON i.product_id = p.product_id WHEN MATCHED THEN DELETE) SELECT 1',
  },
];

const contextTampering: AttackCase[] = [
  {
    // The reference sample's bug: RLS trusted a setting the caller could change with set_config inside a SELECT.
    id: 'ctx-reference-bug-set-config-head-office',
    category: 'context-tampering',
    expect: 'refused-or-scoped',
    scoped: 'the setting changes nothing: the count is still only Seattle’s orders',
    sql: `SELECT set_config('app.current_rls_user_id', '${HO}', false) AS hijack, (SELECT count(*) FROM retail.orders) AS n`,
    truth: own('orders'),
  },
  {
    id: 'ctx-set-config-app-principal-then-read',
    category: 'context-tampering',
    expect: 'refused-or-scoped',
    scoped: 'only the caller’s stores appear',
    sql: `SELECT set_config('app.principal_id', '${HO}', true) AS p, set_config('app.store_ids', '1,2,3,4,5,6,7,8', true) AS s, (SELECT array_agg(DISTINCT store_id ORDER BY store_id) FROM retail.orders) AS store_ids`,
  },
  {
    id: 'ctx-set-config-role-owner-select-list',
    category: 'context-tampering',
    expect: 'refused-or-scoped',
    scoped: 'even as the owner (FORCE RLS, same scope row) the count is the caller’s',
    sql: "SELECT set_config('role', 'zava_owner', true) AS r, (SELECT count(*) FROM retail.orders) AS n",
    truth: own('orders'),
  },
  {
    id: 'ctx-set-config-role-postgres-select-list',
    category: 'context-tampering',
    expect: 'refused',
    sql: "SELECT set_config('role', 'postgres', true) AS r, (SELECT count(*) FROM retail.orders) AS n",
  },
  {
    id: 'ctx-set-config-role-owner-where',
    category: 'context-tampering',
    expect: 'refused-or-scoped',
    scoped: 'the count is the caller’s',
    sql: "SELECT count(*) AS n FROM retail.orders WHERE set_config('role', 'zava_owner', true) IS NOT NULL",
    truth: own('orders'),
  },
  {
    id: 'ctx-set-config-role-postgres-where',
    category: 'context-tampering',
    expect: 'refused',
    sql: "SELECT count(*) AS n FROM retail.orders WHERE set_config('role', 'postgres', true) = 'postgres'",
  },
  {
    id: 'ctx-set-config-role-per-row',
    category: 'context-tampering',
    expect: 'refused',
    sql: "SELECT o.store_id, set_config('role', 'postgres', true) FROM retail.orders o",
  },
  {
    id: 'ctx-set-config-role-owner-per-row-then-count',
    category: 'context-tampering',
    expect: 'refused-or-scoped',
    scoped: 'only store 1 rows',
    sql: "SELECT o.store_id, set_config('role', 'zava_owner', true) AS r, (SELECT count(*) FROM retail.customers) AS n FROM retail.orders o LIMIT 5",
  },
  {
    id: 'ctx-set-config-role-cte',
    category: 'context-tampering',
    expect: 'refused-or-scoped',
    scoped: 'the count is the caller’s',
    sql: "WITH s AS MATERIALIZED (SELECT set_config('role', 'zava_owner', true) AS r) SELECT (SELECT r FROM s) AS r, (SELECT count(*) FROM retail.orders) AS n",
    truth: own('orders'),
  },
  {
    id: 'ctx-set-config-role-lateral',
    category: 'context-tampering',
    expect: 'refused-or-scoped',
    scoped: 'the count is the caller’s',
    sql: "SELECT c.n FROM (SELECT set_config('role', 'zava_owner', true) AS r) s, LATERAL (SELECT count(*) AS n FROM retail.orders WHERE s.r IS NOT NULL) c",
    truth: own('orders'),
  },
  {
    id: 'ctx-set-config-role-postgres-lateral',
    category: 'context-tampering',
    expect: 'refused',
    sql: "SELECT c.* FROM (SELECT set_config('role', 'postgres', true) AS r) s, LATERAL (SELECT store_id, count(*) FROM retail.orders WHERE s.r IS NOT NULL GROUP BY 1) c",
  },
  {
    id: 'ctx-set-config-role-from',
    category: 'context-tampering',
    expect: 'refused-or-scoped',
    scoped: 'the count is the caller’s',
    sql: "SELECT c.n FROM set_config('role', 'zava_owner', true) AS r, LATERAL (SELECT count(*) AS n FROM retail.orders) c",
    truth: own('orders'),
  },
  {
    id: 'ctx-set-config-role-owner-regional',
    category: 'context-tampering',
    as: 'regional',
    expect: 'refused-or-scoped',
    scoped: 'only stores 2, 6, 7',
    sql: "SELECT set_config('role', 'zava_owner', true) AS r, (SELECT array_agg(DISTINCT store_id ORDER BY store_id) FROM retail.orders) AS store_ids",
  },
  {
    id: 'ctx-set-config-row-security-off',
    category: 'context-tampering',
    expect: 'refused-or-scoped',
    scoped: 'the count is the caller’s (FORCE RLS: row_security=off raises an error rather than bypassing)',
    sql: "SELECT set_config('row_security', 'off', true) AS r, (SELECT count(*) FROM retail.orders) AS n",
    truth: own('orders'),
  },
  {
    id: 'ctx-set-config-read-write',
    category: 'context-tampering',
    expect: 'refused',
    sql: "SELECT set_config('role', 'zava_owner', true) AS r, set_config('transaction_read_only', 'off', true) AS w",
  },
  {
    id: 'ctx-set-config-session-authorization',
    category: 'context-tampering',
    expect: 'refused',
    sql: "SELECT set_config('session_authorization', 'postgres', true)",
  },
  {
    id: 'ctx-set-config-owner-read-principals',
    category: 'context-tampering',
    expect: 'refused-or-scoped',
    scoped: 'no other principal’s id or name is revealed',
    sql: "SELECT set_config('role', 'zava_owner', true) AS r, query_to_xml('SELECT principal_id, display_name FROM app.principals', true, true, '') AS x",
  },
  {
    id: 'ctx-set-config-owner-read-principal-stores',
    category: 'context-tampering',
    expect: 'refused-or-scoped',
    scoped: 'no other principal’s id is revealed',
    sql: "SELECT set_config('role', 'zava_owner', true) AS r, table_to_xml('app.principal_stores', true, true, '') AS x",
  },
  {
    id: 'ctx-set-config-owner-open-head-office-scope',
    category: 'context-tampering',
    expect: 'refused',
    sql: `SELECT set_config('role', 'zava_owner', true) AS r, query_to_xml('SELECT * FROM app.open_scope(''${HO}'')', true, true, '') AS x`,
  },
  {
    id: 'ctx-set-config-owner-maintenance-scope',
    category: 'context-tampering',
    expect: 'refused',
    sql: "SELECT set_config('role', 'zava_owner', true) AS r, query_to_xml('SELECT app.open_maintenance_scope()', true, true, '') AS x",
  },
  {
    id: 'ctx-set-config-owner-read-other-sessions',
    category: 'context-tampering',
    expect: 'refused-or-scoped',
    scoped: 'the other tenant’s concurrent query text is never visible',
    sql: "SELECT set_config('role', 'zava_owner', true) AS r, (SELECT string_agg(query, ' || ') FROM pg_stat_activity) AS q",
    background: {
      as: 'regional',
      sql: "SELECT pg_sleep(1.5) AS s, 'regional-secret-canary-7d1f' AS c, (SELECT count(*) FROM retail.orders) AS n",
      secret: 'regional-secret-canary-7d1f',
    },
  },
  // RESET ROLE by set_config: back to the session user. In production that is the runtime login zava_app, which is
  // NOINHERIT and holds no privileges of its own; on PGlite set_config is revoked. Any login sees its own sessions'
  // query text in pg_stat_activity, which is why the caller's SQL is never the text of a statement (sql/007).
  {
    id: 'ctx-set-config-role-none-orders',
    category: 'context-tampering',
    expect: 'refused-or-scoped',
    scoped: 'the count is the caller’s',
    sql: "SELECT set_config('role', 'none', true) AS r, (SELECT count(*) FROM retail.orders) AS n",
    truth: own('orders'),
  },
  {
    id: 'ctx-set-config-role-none-read-principals',
    category: 'context-tampering',
    expect: 'refused-or-scoped',
    scoped: 'no other principal’s id or name is revealed',
    sql: "SELECT set_config('role', 'none', true) AS r, query_to_xml('SELECT principal_id, display_name FROM app.principals', true, true, '') AS x",
  },
  {
    id: 'ctx-set-config-role-none-open-head-office-scope',
    category: 'context-tampering',
    expect: 'refused',
    sql: `SELECT set_config('role', 'none', true) AS r, (SELECT o_store_ids FROM app.open_scope('${HO}')) AS s`,
  },
  {
    id: 'ctx-set-config-role-none-read-other-sessions',
    category: 'context-tampering',
    expect: 'refused-or-scoped',
    scoped: 'the other tenant’s concurrent query text is never visible',
    sql: "SELECT set_config('role', 'none', true) AS r, (SELECT string_agg(query, ' || ') FROM pg_stat_activity) AS q",
    background: {
      as: 'regional',
      sql: "SELECT pg_sleep(1.5) AS s, 'regional-secret-canary-9b2e' AS c, (SELECT count(*) FROM retail.orders) AS n",
      secret: 'regional-secret-canary-9b2e',
      witness: 'FETCH ALL FROM caller_query',
    },
  },
  { id: 'ctx-open-scope-head-office', category: 'context-tampering', expect: 'refused', sql: `SELECT * FROM app.open_scope('${HO}')` },
  {
    // The server's own cursor opener, called from inside the caller's query: it is the caller's own SQL again.
    id: 'ctx-nested-open-caller-cursor',
    category: 'context-tampering',
    expect: 'refused',
    sql: "SELECT app.open_caller_cursor('SELECT * FROM retail.orders', 10) AS c",
  },
  {
    id: 'ctx-open-scope-then-read',
    category: 'context-tampering',
    expect: 'refused',
    sql: `SELECT (app.open_scope('${HO}')).o_role AS r, (SELECT count(*) FROM retail.orders) AS n`,
  },
  { id: 'ctx-open-maintenance-scope', category: 'context-tampering', expect: 'refused', sql: 'SELECT app.open_maintenance_scope()' },
  { id: 'ctx-read-tx-scope', category: 'context-tampering', expect: 'refused', sql: 'SELECT * FROM app.tx_scope' },
  { id: 'ctx-read-principals', category: 'context-tampering', expect: 'refused', sql: 'SELECT * FROM app.principals' },
  { id: 'ctx-read-principal-stores', category: 'context-tampering', expect: 'refused', sql: 'SELECT * FROM app.principal_stores' },
  {
    id: 'ctx-own-scope-functions',
    category: 'context-tampering',
    expect: 'refused-or-scoped',
    scoped: 'the scope functions report only the caller’s own scope',
    sql: 'SELECT app.scope_store_ids() AS scope_store_ids, app.scope_is_open() AS open, app.scope_can_write() AS can_write',
    truth: 'SELECT true AS open, false AS can_write',
  },
  {
    id: 'ctx-current-scope',
    category: 'context-tampering',
    as: 'regional',
    expect: 'refused-or-scoped',
    scoped: 'only the caller’s own principal and stores',
    sql: 'SELECT * FROM app.current_scope()',
  },
  { id: 'ctx-set-role-owner', category: 'context-tampering', expect: 'refused', sql: 'SET ROLE zava_owner' },
  { id: 'ctx-set-role-postgres', category: 'context-tampering', expect: 'refused', sql: 'SET ROLE postgres' },
  { id: 'ctx-set-local-role', category: 'context-tampering', expect: 'refused', sql: 'SET LOCAL ROLE zava_owner' },
  { id: 'ctx-reset-role', category: 'context-tampering', expect: 'refused', sql: 'RESET ROLE' },
  { id: 'ctx-set-session-authorization', category: 'context-tampering', expect: 'refused', sql: 'SET SESSION AUTHORIZATION postgres' },
  { id: 'ctx-reset-all', category: 'context-tampering', expect: 'refused', sql: 'RESET ALL' },
  { id: 'ctx-set-app-setting', category: 'context-tampering', expect: 'refused', sql: `SET app.current_rls_user_id = '${HO}'` },
  { id: 'ctx-set-row-security', category: 'context-tampering', expect: 'refused', sql: 'SET row_security = off' },
  {
    id: 'ctx-current-setting-role',
    category: 'context-tampering',
    expect: 'refused-or-scoped',
    scoped: 'reading settings reveals nothing of other tenants',
    sql: "SELECT current_setting('role') AS r, current_setting('search_path') AS p, current_user AS u",
  },
];

const indirectExecution: AttackCase[] = [
  // The server's own cursor (sql/007), read from inside the query it is running, and the session's cursor list.
  {
    id: 'ind-cursor-to-xml-own-cursor',
    category: 'indirect-execution',
    expect: 'refused-or-scoped',
    scoped: 'at most the caller’s own rows',
    sql: "SELECT cursor_to_xml('caller_query', 100, true, true, '') AS x",
  },
  {
    id: 'ind-pg-cursors',
    category: 'indirect-execution',
    expect: 'refused-or-scoped',
    scoped: 'only this session’s own cursor (the caller’s own SQL)',
    sql: 'SELECT name, statement FROM pg_cursors',
  },
  {
    id: 'ind-query-to-xml-orders',
    category: 'indirect-execution',
    expect: 'refused-or-scoped',
    scoped: 'the inner query is planned under the same RLS: the XML holds only the caller’s rows',
    sql: "SELECT query_to_xml('select * from retail.orders', true, true, '') AS x",
  },
  {
    id: 'ind-query-to-xml-count',
    category: 'indirect-execution',
    expect: 'refused-or-scoped',
    scoped: 'the count is the caller’s',
    sql: "SELECT (xpath('count(//row)', query_to_xml('SELECT * FROM retail.orders', true, false, '')))[1]::text::numeric::int AS n",
    truth: own('orders'),
  },
  {
    id: 'ind-query-to-xml-other-store',
    category: 'indirect-execution',
    expect: 'refused-or-scoped',
    scoped: 'no rows of store 2',
    sql: "SELECT (xpath('count(//row)', query_to_xml('SELECT * FROM retail.orders WHERE store_id = 2', true, false, '')))[1]::text::numeric::int AS n",
    truth: 'SELECT 0 AS n',
  },
  {
    id: 'ind-query-to-xml-delete',
    category: 'indirect-execution',
    expect: 'refused',
    sql: "SELECT query_to_xml('DELETE FROM retail.orders RETURNING order_id', true, true, '')",
  },
  {
    id: 'ind-query-to-xml-set-role',
    category: 'indirect-execution',
    expect: 'refused',
    sql: "SELECT query_to_xml('SET ROLE zava_owner', true, true, '')",
  },
  {
    id: 'ind-query-to-xml-principals',
    category: 'indirect-execution',
    expect: 'refused',
    sql: "SELECT query_to_xml('SELECT * FROM app.principals', true, true, '')",
  },
  {
    id: 'ind-query-to-xmlschema',
    category: 'indirect-execution',
    expect: 'refused-or-scoped',
    scoped: 'a schema, no data',
    sql: "SELECT query_to_xmlschema('select * from retail.customers', true, true, '')",
  },
  {
    id: 'ind-query-to-xml-and-xmlschema',
    category: 'indirect-execution',
    expect: 'refused-or-scoped',
    scoped: 'only the caller’s customers',
    sql: "SELECT query_to_xml_and_xmlschema('select email, store_id from retail.customers', true, false, '')",
  },
  {
    id: 'ind-table-to-xml-customers',
    category: 'indirect-execution',
    expect: 'refused-or-scoped',
    scoped: 'only the caller’s customers',
    sql: "SELECT table_to_xml('retail.customers', true, false, '') AS x",
  },
  {
    id: 'ind-xmltable-store-ids',
    category: 'indirect-execution',
    as: 'regional',
    expect: 'refused-or-scoped',
    scoped: 'only stores 2, 6, 7',
    sql: "SELECT x.store_id FROM xmltable('//row' PASSING table_to_xml('retail.orders', true, false, '') COLUMNS store_id int PATH 'store_id') AS x GROUP BY 1 ORDER BY 1",
    truth: OWN_STORE_IDS,
  },
  { id: 'ind-table-to-xml-tx-scope', category: 'indirect-execution', expect: 'refused', sql: "SELECT table_to_xml('app.tx_scope', true, true, '')" },
  { id: 'ind-cursor-to-xml', category: 'indirect-execution', expect: 'refused', sql: "SELECT cursor_to_xml('c', 100, true, true, '')" },
  {
    id: 'ind-schema-to-xml-app',
    category: 'indirect-execution',
    expect: 'refused-or-scoped',
    scoped: 'nothing of app.* (the reader cannot read those tables)',
    sql: "SELECT schema_to_xml('app', true, true, '')",
  },
  {
    id: 'ind-schema-to-xml-retail',
    category: 'indirect-execution',
    expect: 'refused-or-scoped',
    scoped: 'only the caller’s rows',
    sql: "SELECT xpath('/retail/orders/row/store_id/text()', schema_to_xml('retail', true, false, ''))::text AS store_id",
  },
  {
    id: 'ind-database-to-xml',
    category: 'indirect-execution',
    expect: 'refused-or-scoped',
    scoped: 'only the caller’s rows of every table',
    sql: "SELECT xpath('//customers/row/email/text()', database_to_xml(true, false, ''))::text AS emails",
  },
  {
    id: 'ind-xpath-query-to-xml-principals',
    category: 'indirect-execution',
    expect: 'refused',
    sql: "SELECT xpath('//principal_id/text()', query_to_xml('select principal_id from app.principals', true, false, ''))",
  },
  {
    id: 'ind-query-to-xml-regional-store-1',
    category: 'indirect-execution',
    as: 'regional',
    expect: 'refused-or-scoped',
    scoped: 'no Seattle rows',
    sql: "SELECT (xpath('count(//row)', query_to_xml('SELECT * FROM retail.orders WHERE store_id = 1', true, false, '')))[1]::text::numeric::int AS n",
    truth: 'SELECT 0 AS n',
  },
];

const fileServer: AttackCase[] = [
  { id: 'fs-pg-read-file', category: 'file-server', expect: 'refused', sql: "SELECT pg_read_file('/etc/passwd')" },
  { id: 'fs-pg-read-binary-file', category: 'file-server', expect: 'refused', sql: "SELECT pg_read_binary_file('postgresql.auto.conf')" },
  { id: 'fs-pg-ls-dir', category: 'file-server', expect: 'refused', sql: "SELECT pg_ls_dir('.')" },
  { id: 'fs-pg-stat-file', category: 'file-server', expect: 'refused', sql: "SELECT * FROM pg_stat_file('PG_VERSION')" },
  { id: 'fs-pg-ls-waldir', category: 'file-server', expect: 'refused', sql: 'SELECT * FROM pg_ls_waldir()' },
  { id: 'fs-lo-import', category: 'file-server', expect: 'refused', sql: "SELECT lo_import('/etc/passwd')" },
  { id: 'fs-lo-export', category: 'file-server', expect: 'refused', sql: "SELECT lo_export(0, '/tmp/zava-attack')" },
  {
    id: 'fs-lo-from-bytea',
    category: 'file-server',
    expect: 'refused-or-scoped',
    scoped: 'nothing persists (the transaction always rolls back): the large-object count is unchanged',
    sql: "SELECT lo_from_bytea(0, 'zava') AS oid",
  },
  { id: 'fs-copy-program', category: 'file-server', expect: 'refused', sql: "COPY retail.orders TO PROGRAM 'cat > /tmp/zava-attack'" },
  { id: 'fs-copy-from-program', category: 'file-server', expect: 'refused', sql: "COPY retail.stores FROM PROGRAM 'id'" },
  { id: 'fs-copy-to-file', category: 'file-server', expect: 'refused', sql: "COPY retail.customers TO '/tmp/zava-customers.csv'" },
  {
    id: 'fs-terminate-backends',
    category: 'file-server',
    expect: 'refused-or-scoped',
    scoped: 'terminates nothing (no other session exists, or permission denied); the next call still works',
    sql: 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid()',
  },
  { id: 'fs-terminate-self', category: 'file-server', expect: 'refused', sql: 'SELECT pg_terminate_backend(pg_backend_pid())' },
  {
    id: 'fs-cancel-backends',
    category: 'file-server',
    expect: 'refused-or-scoped',
    scoped: 'cancels nothing it may not (no other session exists, or permission denied)',
    sql: 'SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid()',
  },
  { id: 'fs-reload-conf', category: 'file-server', expect: 'refused', sql: 'SELECT pg_reload_conf()' },
  { id: 'fs-rotate-logfile', category: 'file-server', expect: 'refused', sql: 'SELECT pg_rotate_logfile()' },
  {
    id: 'fs-dblink',
    category: 'file-server',
    expect: 'refused',
    sql: "SELECT * FROM dblink('dbname=postgres user=postgres', 'SELECT count(*) FROM retail.orders') AS t(n int)",
  },
  { id: 'fs-dblink-exec', category: 'file-server', expect: 'refused', sql: "SELECT dblink_exec('dbname=postgres', 'DELETE FROM retail.orders')" },
  { id: 'fs-hba-file-rules', category: 'file-server', expect: 'refused', sql: 'SELECT * FROM pg_hba_file_rules' },
  { id: 'fs-file-settings', category: 'file-server', expect: 'refused', sql: 'SELECT * FROM pg_file_settings' },
];

const catalogLeak: AttackCase[] = [
  {
    id: 'cat-pg-stats-histograms',
    category: 'catalog-leak',
    expect: 'refused-or-scoped',
    scoped: 'no statistics of RLS tables (pg_stats hides them while row security is active)',
    sql: "SELECT tablename, attname, most_common_vals::text AS mcv, histogram_bounds::text AS hist FROM pg_stats WHERE schemaname = 'retail' AND tablename IN ('orders', 'customers', 'order_items', 'inventory')",
    truth: 'SELECT 1 AS n WHERE false',
    secrets: ['totals'],
  },
  {
    id: 'cat-pg-stats-store-id',
    category: 'catalog-leak',
    expect: 'refused-or-scoped',
    scoped: 'no histogram of orders.store_id',
    sql: "SELECT most_common_vals::text AS store_id, most_common_freqs::text AS f FROM pg_stats WHERE tablename = 'orders' AND attname = 'store_id'",
    truth: 'SELECT 1 AS n WHERE false',
  },
  {
    id: 'cat-pg-stats-ext',
    category: 'catalog-leak',
    expect: 'refused-or-scoped',
    scoped: 'no extended statistics of RLS tables',
    sql: "SELECT statistics_name, most_common_vals::text FROM pg_stats_ext WHERE schemaname = 'retail'",
    truth: 'SELECT 1 AS n WHERE false',
  },
  { id: 'cat-pg-statistic', category: 'catalog-leak', expect: 'refused', sql: 'SELECT stavalues1::text FROM pg_statistic' },
  {
    id: 'cat-pg-class-reltuples',
    exposure: [
      {
        guard: 'off',
        waives: 'totals',
        why: 'table statistics are readable by PUBLIC and cannot be revoked on Neon: whole-table row counts, no rows',
      },
    ],
    category: 'catalog-leak',
    expect: 'refused-or-scoped',
    scoped: 'no all-store row counts (reltuples would reveal every tenant’s volume)',
    sql: "SELECT relname, reltuples FROM pg_class WHERE relname IN ('orders', 'customers', 'order_items', 'inventory')",
    secrets: ['totals'],
  },
  {
    id: 'cat-pg-stat-user-tables',
    exposure: [
      {
        guard: 'off',
        waives: 'totals',
        why: 'table statistics are readable by PUBLIC and cannot be revoked on Neon: whole-table row counts, no rows',
      },
    ],
    category: 'catalog-leak',
    expect: 'refused-or-scoped',
    scoped: 'no all-store live-tuple counts',
    sql: "SELECT relname, n_live_tup, n_tup_ins FROM pg_stat_user_tables WHERE schemaname = 'retail'",
    secrets: ['totals'],
  },
  {
    id: 'cat-pg-class-regclass',
    exposure: [
      {
        guard: 'off',
        waives: 'totals',
        why: 'table statistics are readable by PUBLIC and cannot be revoked on Neon: whole-table row counts, no rows',
      },
    ],
    category: 'catalog-leak',
    expect: 'refused-or-scoped',
    scoped: 'no all-store row counts',
    sql: "SELECT reltuples::bigint AS estimate FROM pg_catalog.pg_class WHERE oid = 'retail.orders'::regclass",
    secrets: ['totals'],
  },
  {
    id: 'cat-information-schema-tables',
    category: 'catalog-leak',
    expect: 'refused-or-scoped',
    scoped: 'table names only, no tenant data',
    sql: "SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema IN ('retail', 'app')",
  },
  {
    id: 'cat-information-schema-grants',
    category: 'catalog-leak',
    expect: 'refused-or-scoped',
    scoped: 'grants only, no tenant data',
    sql: 'SELECT grantee, table_schema, table_name, privilege_type FROM information_schema.role_table_grants',
  },
  {
    id: 'cat-pg-policies',
    category: 'catalog-leak',
    expect: 'refused-or-scoped',
    scoped: 'policy texts only, no tenant data',
    sql: 'SELECT tablename, policyname, qual FROM pg_policies',
  },
  {
    id: 'cat-pg-roles',
    category: 'catalog-leak',
    expect: 'refused-or-scoped',
    scoped: 'role flags only, no tenant data',
    sql: 'SELECT rolname, rolsuper, rolbypassrls FROM pg_roles',
  },
  { id: 'cat-pg-authid', category: 'catalog-leak', expect: 'refused', sql: 'SELECT rolname, rolpassword FROM pg_authid' },
  {
    id: 'cat-pg-settings',
    category: 'catalog-leak',
    expect: 'refused-or-scoped',
    scoped: 'settings only, no tenant data',
    sql: "SELECT name, setting FROM pg_settings WHERE name IN ('data_directory', 'config_file', 'hba_file', 'role', 'row_security', 'search_path')",
  },
  {
    id: 'cat-pg-stat-activity',
    category: 'catalog-leak',
    expect: 'refused-or-scoped',
    scoped: 'no other principal and no other session’s query text',
    sql: 'SELECT pid, usename, state, query FROM pg_stat_activity',
  },
  {
    id: 'cat-pg-proc-source',
    category: 'catalog-leak',
    expect: 'refused-or-scoped',
    scoped: 'function source only, no tenant data',
    sql: "SELECT proname, prosrc FROM pg_proc WHERE pronamespace = 'app'::regnamespace",
  },
  {
    id: 'cat-pg-locks',
    category: 'catalog-leak',
    expect: 'refused-or-scoped',
    scoped: 'lock metadata only',
    sql: 'SELECT locktype, relation::regclass::text AS rel, mode FROM pg_locks',
  },
  {
    id: 'cat-pg-prepared-xacts',
    category: 'catalog-leak',
    expect: 'refused-or-scoped',
    scoped: 'nothing',
    sql: 'SELECT * FROM pg_prepared_xacts',
    truth: 'SELECT 1 AS n WHERE false',
  },
];

const oracle: AttackCase[] = [
  {
    id: 'orc-division-by-zero-store-2',
    category: 'oracle',
    expect: 'scoped',
    scoped: 'store 2 is invisible: the outcome equals the one for a store that does not exist',
    sql: 'SELECT 1/(CASE WHEN (SELECT count(*) FROM retail.orders WHERE store_id = 2) > 0 THEN 0 ELSE 1 END) AS x',
    sameAs: 'SELECT 1/(CASE WHEN (SELECT count(*) FROM retail.orders WHERE store_id = 999) > 0 THEN 0 ELSE 1 END) AS x',
  },
  {
    id: 'orc-division-by-zero-store-1-regional',
    category: 'oracle',
    as: 'regional',
    expect: 'scoped',
    sql: 'SELECT 1/(CASE WHEN EXISTS (SELECT 1 FROM retail.customers WHERE store_id = 1) THEN 0 ELSE 1 END) AS x',
    sameAs: 'SELECT 1/(CASE WHEN EXISTS (SELECT 1 FROM retail.customers WHERE store_id = 999) THEN 0 ELSE 1 END) AS x',
  },
  {
    id: 'orc-division-by-zero-own-store-control',
    category: 'oracle',
    expect: 'refused',
    // Control: the oracle does fire for data the caller can see, so the two cases above are meaningful.
    sql: 'SELECT 1/(CASE WHEN (SELECT count(*) FROM retail.orders WHERE store_id = 1) > 0 THEN 0 ELSE 1 END) AS x',
    guard: 'either',
  },
  {
    id: 'orc-leaky-where-division',
    category: 'oracle',
    expect: 'scoped',
    scoped: 'RLS quals run before the caller’s (non-leakproof) quals: no error from store 2 rows',
    sql: 'SELECT count(*) AS n FROM retail.orders WHERE 1/(CASE WHEN store_id = 2 THEN 0 ELSE 1 END) = 1',
    truth: own('orders'),
    sameAs: 'SELECT count(*) AS n FROM retail.orders WHERE 1/(CASE WHEN store_id = 999 THEN 0 ELSE 1 END) = 1',
  },
  {
    id: 'orc-leaky-where-cast',
    category: 'oracle',
    expect: 'scoped',
    sql: 'SELECT count(*) AS n FROM retail.customers WHERE (CASE WHEN store_id = 3 THEN email::int ELSE 0 END) = 0',
    truth: own('customers'),
    sameAs: 'SELECT count(*) AS n FROM retail.customers WHERE (CASE WHEN store_id = 999 THEN email::int ELSE 0 END) = 0',
  },
  {
    id: 'orc-leaky-where-regional',
    category: 'oracle',
    as: 'regional',
    expect: 'scoped',
    sql: 'SELECT count(*) AS n FROM retail.order_items WHERE 1/(CASE WHEN store_id = 1 THEN 0 ELSE 1 END) = 1',
    truth: own('order_items'),
  },
  {
    id: 'orc-cast-error-other-store',
    category: 'oracle',
    expect: 'scoped',
    sql: 'SELECT email::int AS v FROM retail.customers WHERE store_id = 2',
    sameAs: 'SELECT email::int AS v FROM retail.customers WHERE store_id = 999',
  },
  {
    id: 'orc-cast-error-scalar-subquery',
    category: 'oracle',
    expect: 'scoped',
    sql: 'SELECT CAST((SELECT email FROM retail.customers WHERE store_id = 4 ORDER BY customer_id LIMIT 1) AS int) AS v',
    sameAs: 'SELECT CAST((SELECT email FROM retail.customers WHERE store_id = 999 ORDER BY customer_id LIMIT 1) AS int) AS v',
  },
  {
    id: 'orc-cast-error-own-value-redacted',
    category: 'oracle',
    expect: 'refused',
    // Control: a cast error on the caller's own data fires, and the value is redacted from the message.
    sql: 'SELECT email::int AS v FROM retail.customers ORDER BY customer_id LIMIT 1',
    guard: 'either',
  },
  {
    id: 'orc-regex-error-other-store',
    category: 'oracle',
    expect: 'scoped',
    sql: "SELECT count(*) AS n FROM retail.customers WHERE store_id = 5 AND email ~ (CASE WHEN email LIKE 'a%' THEN '(' ELSE 'x' END)",
    sameAs: "SELECT count(*) AS n FROM retail.customers WHERE store_id = 999 AND email ~ (CASE WHEN email LIKE 'a%' THEN '(' ELSE 'x' END)",
  },
  {
    id: 'orc-division-by-count-other-store',
    category: 'oracle',
    expect: 'refused-or-scoped',
    scoped: 'the same division by zero as for a store that does not exist',
    guard: 'either',
    sql: 'SELECT 100 / (SELECT count(*) FROM retail.inventory WHERE store_id = 3) AS x',
    sameAs: 'SELECT 100 / (SELECT count(*) FROM retail.inventory WHERE store_id = 999) AS x',
  },
  {
    id: 'orc-timing-pg-sleep',
    category: 'oracle',
    expect: 'refused-or-scoped',
    scoped: 'store 2 is invisible: no sleep, same outcome as for a non-existent store',
    sql: 'SELECT CASE WHEN (SELECT count(*) FROM retail.orders WHERE store_id = 2) > 0 THEN pg_sleep(3) END AS s',
    sameAs: 'SELECT CASE WHEN (SELECT count(*) FROM retail.orders WHERE store_id = 999) > 0 THEN pg_sleep(3) END AS s',
    maxMs: 2500,
  },
  {
    id: 'orc-timing-heavy-work',
    category: 'oracle',
    expect: 'refused-or-scoped',
    scoped: 'no heavy work triggered by invisible rows',
    sql: 'SELECT CASE WHEN EXISTS (SELECT 1 FROM retail.customers WHERE store_id = 6) THEN (SELECT count(*) FROM generate_series(1, 300000000)) END AS x',
    sameAs:
      'SELECT CASE WHEN EXISTS (SELECT 1 FROM retail.customers WHERE store_id = 999) THEN (SELECT count(*) FROM generate_series(1, 300000000)) END AS x',
    maxMs: 2500,
  },
  {
    id: 'orc-join-to-invisible-rows',
    category: 'oracle',
    expect: 'scoped',
    sql: 'SELECT count(*) AS n FROM retail.order_items oi JOIN retail.orders o ON o.order_id = oi.order_id WHERE o.store_id <> oi.store_id OR oi.store_id <> 1',
    truth: 'SELECT 0 AS n',
  },
  {
    id: 'orc-or-true',
    category: 'oracle',
    expect: 'scoped',
    sql: 'SELECT DISTINCT store_id FROM retail.orders WHERE store_id = 2 OR 1 = 1 ORDER BY 1',
    truth: OWN_STORE_IDS,
  },
  {
    id: 'orc-union-other-store',
    category: 'oracle',
    as: 'regional',
    expect: 'scoped',
    sql: 'SELECT store_id, count(*) AS n FROM retail.orders WHERE store_id = 1 GROUP BY 1 UNION ALL SELECT store_id, count(*) FROM retail.orders GROUP BY 1 ORDER BY 1',
    truth: 'SELECT store_id, count(*)::int AS n FROM retail.orders WHERE store_id = ANY($1) GROUP BY 1 ORDER BY 1',
  },
  {
    id: 'orc-max-order-id',
    category: 'oracle',
    expect: 'scoped',
    sql: 'SELECT max(order_id) AS m, min(order_id) AS lo FROM retail.orders',
    truth: 'SELECT max(order_id) AS m, min(order_id) AS lo FROM retail.orders WHERE store_id = ANY($1)',
  },
  {
    id: 'orc-customer-by-foreign-order',
    category: 'oracle',
    expect: 'scoped',
    scoped: 'customers of other stores stay invisible even through a join on their orders',
    sql: 'SELECT c.email, o.store_id FROM retail.customers c JOIN retail.orders o ON o.customer_id = c.customer_id WHERE o.store_id <> 1 LIMIT 20',
    truth: 'SELECT 1 AS n WHERE false',
  },
  {
    id: 'orc-inventory-other-stores',
    category: 'oracle',
    as: 'regional',
    expect: 'scoped',
    sql: 'SELECT count(*) AS n FROM retail.inventory WHERE store_id IN (1, 3, 4, 5, 8)',
    truth: 'SELECT 0 AS n',
    sameAs: 'SELECT count(*) AS n FROM retail.inventory WHERE store_id IN (999, 998)',
  },
];

const resource: AttackCase[] = [
  { id: 'res-pg-sleep-60', category: 'resource', expect: 'refused', sql: 'SELECT pg_sleep(60)' },
  {
    id: 'res-pg-sleep-7',
    category: 'resource',
    expect: 'refused',
    scoped: 'cancelled by the 5 s statement timeout (or refused), never sleeping the full 7 s',
    sql: 'SELECT pg_sleep(7)',
  },
  { id: 'res-pg-sleep-for', category: 'resource', expect: 'refused', sql: "SELECT pg_sleep_for('1 minute')" },
  { id: 'res-pg-sleep-until', category: 'resource', expect: 'refused', sql: "SELECT pg_sleep_until(now() + interval '1 minute')" },
  { id: 'res-pg-sleep-per-row', category: 'resource', expect: 'refused', sql: 'SELECT pg_sleep(0.1) FROM retail.orders' },
  { id: 'res-generate-series-huge', category: 'resource', expect: 'refused', sql: 'SELECT count(*) FROM generate_series(1, 10000000000)' },
  {
    // The guard allows recursive CTEs and joins by design and relies on the statement timeout for these two
    // (on PGlite: the embedded host's watchdog, which stops and restarts the worker).
    id: 'res-endless-recursive-cte',
    category: 'resource',
    expect: 'refused',
    guard: 'either',
    sql: 'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r',
  },
  {
    id: 'res-cross-join',
    category: 'resource',
    expect: 'refused',
    sql: 'SELECT count(*) FROM retail.order_items a, retail.order_items b, retail.order_items c',
    guard: 'either',
  },
  {
    id: 'res-giant-string-length',
    category: 'resource',
    expect: 'refused-or-scoped',
    scoped: 'finishes (or is cancelled) within the time limit; a number is harmless',
    sql: "SELECT length(repeat('x', 500000000)) AS n",
  },
  {
    id: 'res-giant-string-returned',
    category: 'resource',
    expect: 'refused-or-scoped',
    scoped: 'the byte cap cuts the result; the server survives',
    sql: "SELECT repeat('x', 20000000) AS s",
  },
  {
    id: 'res-giant-aggregate',
    category: 'resource',
    expect: 'refused',
    sql: "SELECT length(string_agg(repeat('x', 1000000), '')) FROM generate_series(1, 3000)",
  },
  {
    id: 'res-advisory-lock-session',
    category: 'resource',
    expect: 'refused-or-scoped',
    scoped: 'no lock outlives the call (a session-level advisory lock would stay held by the pooled connection)',
    sql: 'SELECT pg_advisory_lock(424242) AS l',
  },
  {
    id: 'res-try-advisory-lock-session',
    category: 'resource',
    expect: 'refused-or-scoped',
    scoped: 'no lock outlives the call',
    sql: 'SELECT pg_try_advisory_lock(424243) AS l',
  },
  {
    id: 'res-advisory-xact-lock',
    category: 'resource',
    expect: 'refused-or-scoped',
    scoped: 'a transaction-level lock ends with the rollback',
    sql: 'SELECT pg_advisory_xact_lock(424244) AS l',
  },
  {
    id: 'res-deep-parentheses',
    category: 'resource',
    expect: 'refused-or-scoped',
    scoped: 'a constant; the server survives',
    guard: 'either',
    sql: `SELECT ${'('.repeat(3000)}1${')'.repeat(3000)} AS deep`,
  },
  {
    id: 'res-deep-subqueries',
    category: 'resource',
    expect: 'refused-or-scoped',
    scoped: 'the count is the caller’s',
    sql: `SELECT ${'(SELECT '.repeat(200)}(SELECT count(*) FROM retail.orders)${')'.repeat(200)} AS n`,
    truth: own('orders'),
  },
  {
    // Within the guard's limits (length < 20,000, nesting < 300): 673 chained CTEs, each inlined into the next.
    // PostgreSQL needs more than 5 s to plan it (cancelled by the statement timeout); PGlite's watchdog does the same.
    id: 'res-deep-cte-chain',
    category: 'resource',
    expect: 'refused-or-scoped',
    scoped: 'answers (or is cancelled) within the time limit',
    sql: `WITH ${Array.from({ length: 673 }, (_, i) => `c${i} AS (SELECT ${i === 0 ? '1 AS x' : `x FROM c${i - 1}`})`).join(', ')} SELECT x FROM c672`,
    guard: 'refuses', // more than GUARD_LIMITS.maxCommonTableExpressions
    // Without the guard only PostgreSQL stands: it plans the inlined chain in ~O(n³) without checking for cancellation
    // (EXPLAIN: 200 CTEs 0.47 s, 400 CTEs 3.5 s, 673 CTEs ~15 s under load), so the statement timeout fires only when
    // planning ends. Still scoped, still nothing leaked; the bound is the planner's, which is why the guard refuses it.
    maxMs: 12_000,
    maxMsWithoutGuard: 60_000,
  },
  {
    id: 'res-query-too-long',
    category: 'resource',
    expect: 'refused-or-scoped',
    scoped: 'the count is the caller’s',
    sql: `SELECT count(*) AS n FROM retail.orders WHERE order_id NOT IN (${Array.from({ length: 6000 }, (_, i) => -i - 1).join(',')})`,
    truth: own('orders'),
  },
  {
    id: 'res-self-join-own-rows',
    category: 'resource',
    expect: 'refused-or-scoped',
    scoped: 'RLS limits the cross join to the caller’s rows',
    guard: 'either',
    sql: 'SELECT count(*) AS n FROM retail.customers a, retail.customers b',
    truth: 'SELECT (count(*) * count(*))::int AS n FROM retail.customers WHERE store_id = ANY($1)',
  },
];

const parserEvasion: AttackCase[] = [
  { id: 'pe-quoted-lowercase-set-config', category: 'parser-evasion', expect: 'refused', sql: `SELECT "set_config"('role', 'postgres', true)` },
  { id: 'pe-quoted-uppercase-set-config', category: 'parser-evasion', expect: 'refused', sql: `SELECT "SET_CONFIG"('role', 'postgres', true)` },
  { id: 'pe-pg-catalog-set-config', category: 'parser-evasion', expect: 'refused', sql: "SELECT pg_catalog.set_config('role', 'postgres', true)" },
  {
    id: 'pe-pg-catalog-set-config-owner',
    category: 'parser-evasion',
    expect: 'refused-or-scoped',
    scoped: 'the count is the caller’s',
    sql: "SELECT pg_catalog.set_config('role', 'zava_owner', true) AS r, (SELECT count(*) FROM retail.orders) AS n",
    truth: own('orders'),
  },
  { id: 'pe-unicode-escape-identifier', category: 'parser-evasion', expect: 'refused', sql: `SELECT U&"\\0073et_config"('role', 'postgres', true)` },
  {
    id: 'pe-unicode-escape-uescape',
    category: 'parser-evasion',
    expect: 'refused',
    sql: `SELECT U&"!0073et_config" UESCAPE '!' ('role', 'postgres', true)`,
  },
  { id: 'pe-dollar-quoted-args', category: 'parser-evasion', expect: 'refused', sql: 'SELECT set_config($$role$$, $$postgres$$, true)' },
  {
    id: 'pe-tagged-dollar-quotes',
    category: 'parser-evasion',
    expect: 'refused-or-scoped',
    scoped: 'the count is the caller’s',
    sql: 'SELECT set_config($x$role$x$, $x$zava_owner$x$, true) AS r, (SELECT count(*) FROM retail.orders) AS n',
    truth: own('orders'),
  },
  { id: 'pe-e-string-escapes', category: 'parser-evasion', expect: 'refused', sql: "SELECT set_config(E'\\x72ole', E'\\160ostgres', true)" },
  { id: 'pe-unicode-string', category: 'parser-evasion', expect: 'refused', sql: "SELECT set_config(U&'\\0072ole', U&'\\0070ostgres', true)" },
  {
    id: 'pe-concatenated-args',
    category: 'parser-evasion',
    expect: 'refused-or-scoped',
    scoped: 'the count is the caller’s',
    sql: "SELECT set_config('ro' || 'le', 'zava_' || 'owner', true) AS r, (SELECT count(*) FROM retail.orders) AS n",
    truth: own('orders'),
  },
  { id: 'pe-mixed-case', category: 'parser-evasion', expect: 'refused', sql: "SeLeCt SeT_CoNfIg('role', 'postgres', TrUe)" },
  {
    id: 'pe-whitespace-newlines',
    category: 'parser-evasion',
    expect: 'refused',
    sql: "SELECT\n\tset_config\n(\n  'role' ,\n\t'postgres',\r\n true\n)",
  },
  { id: 'pe-comment-between-name-and-paren', category: 'parser-evasion', expect: 'refused', sql: "SELECT set_config/**/('role', 'postgres', true)" },
  { id: 'pe-function-in-from', category: 'parser-evasion', expect: 'refused', sql: "SELECT * FROM set_config('role', 'postgres', true)" },
  {
    id: 'pe-rows-from',
    category: 'parser-evasion',
    expect: 'refused',
    sql: "SELECT * FROM ROWS FROM (set_config('role', 'postgres', true), generate_series(1, 1)) AS r(a, b)",
  },
  {
    id: 'pe-lateral-function',
    category: 'parser-evasion',
    expect: 'refused',
    sql: "SELECT o.store_id, s FROM retail.orders o, LATERAL set_config('role', 'postgres', true) AS s",
  },
  {
    id: 'pe-nested-scalar-subquery',
    category: 'parser-evasion',
    expect: 'refused',
    sql: "SELECT (SELECT (SELECT set_config('role', 'postgres', true)))",
  },
  {
    id: 'pe-column-named-like-function',
    category: 'parser-evasion',
    expect: 'refused',
    sql: "SELECT set_config FROM set_config('role', 'postgres', true)",
  },
  {
    id: 'pe-regprocedure-cast',
    category: 'parser-evasion',
    expect: 'refused-or-scoped',
    scoped: 'resolving a name reveals no tenant data',
    sql: "SELECT 'pg_catalog.set_config(text,text,boolean)'::regprocedure::text AS f, 'app.principals'::regclass::text AS t",
  },
  { id: 'pe-quoted-schema-table', category: 'parser-evasion', expect: 'refused', sql: 'SELECT * FROM "app"."principals"' },
  {
    id: 'pe-pg-catalog-query-to-xml',
    category: 'parser-evasion',
    expect: 'refused',
    sql: "SELECT pg_catalog.query_to_xml('select * from app.tx_scope', true, true, '')",
  },
  {
    id: 'pe-table-statement',
    category: 'parser-evasion',
    expect: 'refused-or-scoped',
    scoped: 'only store 1 rows',
    sql: 'TABLE retail.orders',
    guard: 'either',
  },
  {
    id: 'pe-table-statement-regional',
    category: 'parser-evasion',
    as: 'regional',
    expect: 'refused-or-scoped',
    scoped: 'only stores 2, 6, 7',
    sql: 'TABLE retail.inventory',
    guard: 'either',
  },
  { id: 'pe-values', category: 'parser-evasion', expect: 'scoped', sql: 'VALUES (1, 2), (3, 4)' },
  {
    id: 'pe-values-subquery',
    category: 'parser-evasion',
    expect: 'scoped',
    sql: 'SELECT * FROM (VALUES ((SELECT count(*) FROM retail.orders))) AS v(n)',
    truth: own('orders'),
  },
  {
    id: 'pe-block-comment-hides-statement',
    category: 'parser-evasion',
    expect: 'scoped',
    sql: 'SELECT 1 AS one /* ; DELETE FROM retail.orders */',
    truth: 'SELECT 1 AS one',
  },
  {
    id: 'pe-line-comment-hides-statement',
    category: 'parser-evasion',
    expect: 'scoped',
    sql: 'SELECT 1 AS one -- ; DELETE FROM retail.orders',
    truth: 'SELECT 1 AS one',
  },
  {
    id: 'pe-nested-block-comment',
    category: 'parser-evasion',
    expect: 'scoped',
    sql: 'SELECT 1 AS one /* outer /* inner */ ; DELETE FROM retail.orders; /* */ */',
    truth: 'SELECT 1 AS one',
  },
  { id: 'pe-comment-then-statement', category: 'parser-evasion', expect: 'refused', sql: 'SELECT 1 /* x */ ; DELETE FROM retail.orders' },
  { id: 'pe-e-string-quote-breakout', category: 'parser-evasion', expect: 'refused', sql: "SELECT E'\\'' ; DELETE FROM retail.orders; --'" },
  {
    id: 'pe-standard-string-looks-like-breakout',
    category: 'parser-evasion',
    expect: 'scoped',
    sql: "SELECT 'a\\'' AS s ; DELETE FROM retail.orders; --'",
    guard: 'either',
  },
  {
    id: 'pe-dollar-body-with-statement',
    category: 'parser-evasion',
    expect: 'scoped',
    sql: 'SELECT $$; DELETE FROM retail.orders; $$ AS s',
    truth: "SELECT '; DELETE FROM retail.orders; ' AS s",
  },
  { id: 'pe-nul-character', category: 'parser-evasion', expect: 'refused', sql: 'SELECT 1\u0000; DELETE FROM retail.orders' },
  { id: 'pe-fullwidth-letters', category: 'parser-evasion', expect: 'refused', sql: "SELECT ｓｅｔ_config('role', 'postgres', true)" },
  {
    id: 'pe-or-true-injection',
    category: 'parser-evasion',
    expect: 'scoped',
    sql: "SELECT store_id, count(*) AS n FROM retail.orders WHERE store_id = 2 OR 'a' = 'a' GROUP BY 1",
    truth: 'SELECT store_id, count(*)::int AS n FROM retail.orders WHERE store_id = ANY($1) GROUP BY 1',
  },
  {
    id: 'pe-only-and-tablesample',
    category: 'parser-evasion',
    expect: 'refused-or-scoped',
    scoped: 'only store 1',
    sql: 'SELECT DISTINCT store_id FROM ONLY retail.orders TABLESAMPLE SYSTEM (100) ORDER BY 1',
    truth: OWN_STORE_IDS,
    guard: 'either',
  },
  {
    id: 'pe-system-columns',
    category: 'parser-evasion',
    expect: 'refused-or-scoped',
    scoped: 'only the caller’s rows',
    sql: 'SELECT ctid, xmin, tableoid, store_id FROM retail.orders LIMIT 5',
  },
  {
    id: 'pe-schema-qualified-retail',
    category: 'parser-evasion',
    expect: 'scoped',
    sql: 'SELECT count(*) AS n FROM "retail"."orders"',
    truth: own('orders'),
  },
];

export const ATTACK_CASES: readonly AttackCase[] = [
  ...multiStatement,
  ...writeDdl,
  ...dataModifyingCte,
  ...contextTampering,
  ...indirectExecution,
  ...fileServer,
  ...catalogLeak,
  ...oracle,
  ...resource,
  ...parserEvasion,
];
