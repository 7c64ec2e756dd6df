// Unit tests for GuardOptions.schemaTool: the guard knows no tool names, so refusals about catalogs point at the
// caller's schema tool only when the caller names one, and explain themselves without it otherwise.

import { describe, expect, it } from 'vitest';
import { checkReadOnlySql, type GuardResult } from '../../../src/data/sql-guard/index.js';

const TABLES =
  'Available tables: stores, categories, product_types, products, customers, orders, order_items, inventory, product_description_embeddings.';

function message(r: GuardResult): string {
  if (r.ok) throw new Error('expected a refusal');
  return r.message;
}

/** Refusals that point at the schema tool, with their exact message without one and with `describe_tables`. */
const CASES: Array<{ sql: string; without: string; withTool: string }> = [
  {
    sql: 'SELECT relname FROM pg_class',
    without: `Relation pg_class is not accessible: it is neither a retail table nor a CTE defined in this query. ${TABLES}`,
    withTool: `Relation pg_class is not accessible: it is neither a retail table nor a CTE defined in this query. ${TABLES} Use the describe_tables tool for schema information.`,
  },
  {
    sql: 'SELECT * FROM app.principals',
    without:
      "Relation app.principals is not accessible: schema app is internal. The caller's store scope is applied automatically; query the retail tables.",
    withTool:
      "Relation app.principals is not accessible: schema app is internal. The caller's store scope is applied automatically; query the retail tables. Use the describe_tables tool for schema information.",
  },
  {
    sql: 'SELECT table_name FROM information_schema.tables',
    without: `Relation information_schema.tables is not accessible; only schema retail can be queried. ${TABLES}`,
    withTool: `Relation information_schema.tables is not accessible; only schema retail can be queried. Use the describe_tables tool to inspect tables. ${TABLES}`,
  },
  {
    sql: 'SELECT * FROM retail.secrets',
    without: `Relation retail.secrets does not exist in the analytics schema. ${TABLES}`,
    withTool: `Relation retail.secrets does not exist in the analytics schema. ${TABLES} Use the describe_tables tool for schema information.`,
  },
  {
    sql: 'SELECT version()',
    without: 'Function version is not allowed in analytics queries: system and catalog functions are not available. Remove it.',
    withTool:
      'Function version is not allowed in analytics queries: system and catalog functions are not available; use the describe_tables tool for schema information. Remove it.',
  },
  {
    sql: "SELECT 'orders'::regclass",
    without: 'Casts to type regclass are not allowed: casts to reg* types look up catalog objects (and can resolve functions).',
    withTool:
      'Casts to type regclass are not allowed: casts to reg* types look up catalog objects (and can resolve functions); use the describe_tables tool for schema information.',
  },
];

describe('checkReadOnlySql: schemaTool', () => {
  it.each(CASES.map((c) => [c.sql, c] as const))('%s points at the schema tool only when one is named', async (sql, c) => {
    expect(message(await checkReadOnlySql(sql))).toBe(c.without);
    expect(message(await checkReadOnlySql(sql, { schemaTool: '' }))).toBe(c.without);
    expect(message(await checkReadOnlySql(sql, { schemaTool: 'describe_tables' }))).toBe(c.withTool);
  });

  it('does not change refusals that are not about schemas', async () => {
    for (const sql of ['SELECT pg_sleep(1)', 'DELETE FROM orders', 'SELECT o.pg_sleep FROM orders o', 'SELECT 1::xml']) {
      expect(await checkReadOnlySql(sql, { schemaTool: 'describe_tables' })).toEqual(await checkReadOnlySql(sql));
    }
  });

  it('does not change accepted queries or their fingerprints', async () => {
    const sql = 'SELECT store_id, count(*) FROM orders GROUP BY store_id';
    const a = await checkReadOnlySql(sql);
    expect(a.ok).toBe(true);
    expect(await checkReadOnlySql(sql, { schemaTool: 'describe_tables' })).toEqual(a);
  });
});
