// Describes retail tables for the caller in one query: columns, keys, relationships and, for small lookup
// tables, the valid values in the caller's scope. Runs inside the tenant scope like every other read.

import type { TenantScope } from './database.js';

export interface ColumnInfo {
  name: string;
  type: string;
  nullable: boolean;
  description: string | null;
}

export interface TableSchema {
  table: string;
  description: string | null;
  columns: ColumnInfo[];
  primary_key: string[];
  foreign_keys: Array<{ columns: string[]; references: string; referenced_columns: string[] }>;
  referenced_by: string[];
  /** Lookup values (stores in your scope, categories, product types) where they help write filters. */
  valid_values?: unknown[];
  row_scope: string;
}

const STORE_SCOPED = new Set(['customers', 'orders', 'order_items', 'inventory']);

const CATALOG_SQL = `
WITH wanted AS (
  SELECT c.oid, c.relname
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = 'retail' AND c.relkind IN ('r', 'p', 'v') AND c.relname = ANY ($1::text[])
)
SELECT
  (SELECT coalesce(json_agg(c.relname ORDER BY c.relname), '[]')
     FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'retail' AND c.relkind IN ('r', 'p', 'v')) AS all_tables,
  (SELECT coalesce(json_agg(json_build_object(
     'table', 'retail.' || w.relname,
     'description', pg_catalog.obj_description(w.oid, 'pg_class'),
     'columns', (SELECT json_agg(json_build_object(
                   'name', a.attname, 'type', pg_catalog.format_type(a.atttypid, a.atttypmod),
                   'nullable', NOT a.attnotnull, 'description', pg_catalog.col_description(w.oid, a.attnum)) ORDER BY a.attnum)
                   FROM pg_catalog.pg_attribute a WHERE a.attrelid = w.oid AND a.attnum > 0 AND NOT a.attisdropped),
     'primary_key', coalesce((SELECT json_agg(a.attname ORDER BY a.attnum)
                   FROM pg_catalog.pg_index i JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
                  WHERE i.indrelid = w.oid AND i.indisprimary), '[]'),
     'foreign_keys', coalesce((SELECT json_agg(json_build_object(
                   'columns', (SELECT json_agg(a.attname) FROM pg_catalog.pg_attribute a WHERE a.attrelid = co.conrelid AND a.attnum = ANY (co.conkey)),
                   'references', (SELECT n2.nspname || '.' || c2.relname FROM pg_catalog.pg_class c2 JOIN pg_catalog.pg_namespace n2 ON n2.oid = c2.relnamespace WHERE c2.oid = co.confrelid),
                   'referenced_columns', (SELECT json_agg(a.attname) FROM pg_catalog.pg_attribute a WHERE a.attrelid = co.confrelid AND a.attnum = ANY (co.confkey))))
                   FROM pg_catalog.pg_constraint co WHERE co.conrelid = w.oid AND co.contype = 'f'), '[]'),
     'referenced_by', coalesce((SELECT json_agg(DISTINCT n2.nspname || '.' || c2.relname)
                   FROM pg_catalog.pg_constraint co JOIN pg_catalog.pg_class c2 ON c2.oid = co.conrelid
                   JOIN pg_catalog.pg_namespace n2 ON n2.oid = c2.relnamespace
                  WHERE co.confrelid = w.oid AND co.contype = 'f'), '[]')
   ) ORDER BY w.relname), '[]') FROM wanted w) AS tables,
  CASE WHEN 'stores' = ANY ($1::text[]) THEN
    (SELECT json_agg(json_build_object('store_id', s.store_id, 'store_name', s.store_name, 'is_online', s.is_online) ORDER BY s.store_id)
       FROM retail.stores s WHERE s.store_id = ANY ((SELECT app.scope_store_ids())::integer[])) END AS stores,
  CASE WHEN 'categories' = ANY ($1::text[]) THEN
    (SELECT json_agg(json_build_object('category_id', c.category_id, 'category_name', c.category_name) ORDER BY c.category_id)
       FROM retail.categories c) END AS categories,
  CASE WHEN 'product_types' = ANY ($1::text[]) THEN
    (SELECT json_agg(json_build_object('type_id', t.type_id, 'category_id', t.category_id, 'type_name', t.type_name) ORDER BY t.type_id)
       FROM retail.product_types t) END AS product_types`;

interface CatalogRow {
  all_tables: string[];
  tables: Array<Omit<TableSchema, 'row_scope' | 'valid_values'>>;
  stores: unknown[] | null;
  categories: unknown[] | null;
  product_types: unknown[] | null;
}

/** Normalises "retail.orders", "ORDERS", "\"orders\"" to "orders"; other schemas keep their prefix (and fail). */
export function normaliseTableName(name: string): string {
  const trimmed = name.trim().replace(/"/g, '').toLowerCase();
  return trimmed.startsWith('retail.') ? trimmed.slice('retail.'.length) : trimmed;
}

export async function describeTables(
  scope: TenantScope,
  names: readonly string[],
): Promise<{ tables: TableSchema[]; unknown: string[]; allTables: string[] }> {
  const wanted = [...new Set(names.map(normaliseTableName))];
  const result = await scope.query<CatalogRow>(CATALOG_SQL, [wanted]);
  const row = result.rows[0];
  if (!row) return { tables: [], unknown: wanted, allTables: [] };
  const found = new Set(row.tables.map((t) => t.table.slice('retail.'.length)));
  const lookups: Record<string, unknown[] | null> = { stores: row.stores, categories: row.categories, product_types: row.product_types };
  const tables: TableSchema[] = row.tables.map((t) => {
    const short = t.table.slice('retail.'.length);
    const values = lookups[short];
    return {
      ...t,
      ...(values ? { valid_values: values } : {}),
      row_scope: STORE_SCOPED.has(short)
        ? `Only rows of your stores (store_id in ${JSON.stringify(scope.info.storeIds)}) are visible.`
        : 'Reference data: every row is visible.',
    };
  });
  return { tables, unknown: wanted.filter((w) => !found.has(w)), allTables: row.all_tables.map((t) => `retail.${t}`) };
}
