// Writes a generated seed into the retail tables with batched unnest inserts; the caller owns the transaction.

import type { Queryable } from '../data/queryable.js';
import { analyzeSummaries, recomputeSummaries } from '../data/sales-summaries.js';
import type { Clock } from '../platform/clock.js';
import { DEFAULT_ORDER_BATCH, generateOrderBatches, planSeed } from './generate.js';
import { generateInventory, RecentSales } from './inventory.js';
import type { CategoryRow, CustomerRow, InventoryRow, OrderItemRow, OrderRow, ProductRow, ProductTypeRow, StoreRow } from './rows.js';

export interface SeedOptions {
  /** 1.0 = reference dataset (50,000 customers, ~200,000 orders); 0.1 is the quick default used by the CLI. */
  scale: number;
  seed: number;
  /** Last order day, YYYY-MM-DD; pins the data (tests). Omitted: yesterday (UTC) by `clock`. */
  endDate?: string;
  /** Source of "today" when no end date is given (the entry points pass systemClock). */
  clock?: Clock;
  /** Length of the order history in years, ending on the end date (default 6). */
  years?: number;
  onProgress?: (message: string) => void;
  /** Refresh planner statistics after loading (default true): analytics queries right after a seed plan better. */
  analyze?: boolean;
}

export interface SeedCounts {
  stores: number;
  categories: number;
  product_types: number;
  products: number;
  customers: number;
  orders: number;
  order_items: number;
  inventory: number;
}

export interface SeedSummary {
  seed: number;
  scale: number;
  firstDay: string;
  lastDay: string;
  counts: SeedCounts;
  /** Wall time of the whole seed. */
  ms: number;
  /** Wall time per phase (reference, customers, orders, inventory, summaries, analyze). Embeddings: src/embedding/embedding-refresh.ts. */
  phaseMs: Record<string, number>;
}

/** Rows per INSERT statement: few round trips, parameters still far below any protocol limit. */
export const ROWS_PER_STATEMENT = 10_000;
/**
 * Generates the sample dataset and writes every retail table (not the principals tables).
 * Refuses to run if retail.stores already has rows: re-seeding over data is the caller's decision.
 * Issues no BEGIN/COMMIT: run it inside the caller's transaction so a failure leaves nothing behind.
 */
export async function seedDatabase(db: Queryable, options: SeedOptions): Promise<SeedSummary> {
  const started = performance.now();
  const progress = options.onProgress ?? (() => undefined);
  const phaseMs: Record<string, number> = {};
  const timed = async <T>(phase: string, work: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      phaseMs[phase] = Math.round(performance.now() - t0);
    }
  };

  // Validate everything before writing anything.
  const plan = planSeed(options);
  await assertEmpty(db);

  const counts: SeedCounts = {
    stores: 0,
    categories: 0,
    product_types: 0,
    products: 0,
    customers: 0,
    orders: 0,
    order_items: 0,
    inventory: 0,
  };
  progress(
    `seeding scale ${plan.settings.scale}, seed ${plan.settings.seed}: ${plan.customers.length} customers, ` +
      `~${plan.expectedOrders} orders from ${plan.firstDay} to ${plan.lastDay}`,
  );

  await timed('reference', async () => {
    counts.stores = await insertRows(db, 'retail.stores', STORE_COLUMNS, plan.stores);
    counts.categories = await insertRows(db, 'retail.categories', CATEGORY_COLUMNS, plan.categories);
    counts.product_types = await insertRows(db, 'retail.product_types', PRODUCT_TYPE_COLUMNS, plan.productTypes);
    counts.products = await insertRows(db, 'retail.products', PRODUCT_COLUMNS, plan.products);
  });
  progress(`reference data: ${counts.stores} stores, ${counts.categories} categories, ${counts.product_types} types, ${counts.products} products`);

  await timed('customers', async () => {
    counts.customers = await insertRows(db, 'retail.customers', CUSTOMER_COLUMNS, plan.customers);
  });
  progress(`customers: ${counts.customers}`);

  const recent = new RecentSales(plan);
  await timed('orders', async () => {
    // Each batch is generated just before it is written, so memory stays flat at any scale.
    for (const batch of generateOrderBatches(plan, DEFAULT_ORDER_BATCH)) {
      recent.add(batch); // stock levels follow the last weeks' sales
      counts.orders += await insertRows(db, 'retail.orders', ORDER_COLUMNS, batch.orders);
      counts.order_items += await insertRows(db, 'retail.order_items', ORDER_ITEM_COLUMNS, batch.items);
      progress(`orders: ${counts.orders} / ~${plan.expectedOrders} (${counts.order_items} lines)`);
    }
  });

  await timed('inventory', async () => {
    counts.inventory = await insertRows(db, 'retail.inventory', INVENTORY_COLUMNS, generateInventory(plan, recent));
  });
  progress(`inventory: ${counts.inventory}`);

  const analyze = options.analyze ?? true;
  // Before the summaries, so the refresh's joins over these freshly filled tables are planned with statistics.
  if (analyze) await timed('analyze', () => db.query(`ANALYZE ${ANALYZED_TABLES.join(', ')}`));

  // The business tools read the sales summaries (sql/009): derived from the rows just written, in this transaction.
  await timed('summaries', () => recomputeSummaries(db));
  progress('sales summaries refreshed');

  if (analyze) await timed('analyze summaries', () => analyzeSummaries(db));

  const ms = Math.round(performance.now() - started);
  progress(`seed done in ${ms} ms`);
  return {
    seed: plan.settings.seed,
    scale: plan.settings.scale,
    firstDay: plan.firstDay,
    lastDay: plan.lastDay,
    counts,
    ms,
    phaseMs,
  };
}

async function assertEmpty(db: Queryable): Promise<void> {
  const result = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM retail.stores');
  const n = Number(result.rows[0]?.n ?? 0);
  if (n > 0) {
    throw new Error(
      `Refusing to seed: retail.stores already has ${n} row(s). Seed only into an empty retail schema ` +
        '(recreate the database or truncate the retail tables first).',
    );
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Batched inserts: one statement per chunk, one array parameter per column

type SqlType = 'int4' | 'text' | 'numeric' | 'date' | 'bool';
type ColumnList<R> = readonly (readonly [column: keyof R & string, type: SqlType])[];

const STORE_COLUMNS: ColumnList<StoreRow> = [
  ['store_id', 'int4'],
  ['store_name', 'text'],
  ['city', 'text'],
  ['is_online', 'bool'],
];
const CATEGORY_COLUMNS: ColumnList<CategoryRow> = [
  ['category_id', 'int4'],
  ['category_name', 'text'],
];
const PRODUCT_TYPE_COLUMNS: ColumnList<ProductTypeRow> = [
  ['type_id', 'int4'],
  ['category_id', 'int4'],
  ['type_name', 'text'],
];
const PRODUCT_COLUMNS: ColumnList<ProductRow> = [
  ['product_id', 'int4'],
  ['sku', 'text'],
  ['product_name', 'text'],
  ['category_id', 'int4'],
  ['type_id', 'int4'],
  ['cost', 'numeric'],
  ['base_price', 'numeric'],
  ['product_description', 'text'],
];
const CUSTOMER_COLUMNS: ColumnList<CustomerRow> = [
  ['customer_id', 'int4'],
  ['first_name', 'text'],
  ['last_name', 'text'],
  ['email', 'text'],
  ['phone', 'text'],
  ['store_id', 'int4'],
  ['created_at', 'date'],
];
const ORDER_COLUMNS: ColumnList<OrderRow> = [
  ['order_id', 'int4'],
  ['customer_id', 'int4'],
  ['store_id', 'int4'],
  ['order_date', 'date'],
];
const ORDER_ITEM_COLUMNS: ColumnList<OrderItemRow> = [
  ['order_item_id', 'int4'],
  ['order_id', 'int4'],
  ['store_id', 'int4'],
  ['product_id', 'int4'],
  ['quantity', 'int4'],
  ['unit_price', 'numeric'],
  ['discount_percent', 'int4'],
  ['discount_amount', 'numeric'],
  ['total_amount', 'numeric'],
];
const INVENTORY_COLUMNS: ColumnList<InventoryRow> = [
  ['store_id', 'int4'],
  ['product_id', 'int4'],
  ['stock_level', 'int4'],
];

const ANALYZED_TABLES = [
  'retail.stores',
  'retail.categories',
  'retail.product_types',
  'retail.products',
  'retail.customers',
  'retail.orders',
  'retail.order_items',
  'retail.inventory',
  'retail.product_description_embeddings',
];

/**
 * INSERT ... SELECT * FROM unnest($1::int4[], $2::text[], ...): a whole chunk in one statement with one array per
 * column. Table and column names come from the constants above, never from input.
 */
async function insertRows<R>(db: Queryable, table: string, columns: ColumnList<R>, rows: readonly R[]): Promise<number> {
  if (rows.length === 0) return 0;
  const names = columns.map(([column]) => column).join(', ');
  const arrays = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
  const sql = `INSERT INTO ${table} (${names}) SELECT * FROM unnest(${arrays})`;
  for (let offset = 0; offset < rows.length; offset += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(offset, offset + ROWS_PER_STATEMENT);
    await db.query(
      sql,
      columns.map(([column]) => chunk.map((row) => row[column])),
    );
  }
  return rows.length;
}
