// The sales summaries (sql/009, retail_summary): derived from the order lines, read by the business tools. The seed
// fills them in its own transaction; after orders, order_items or products are written any other way they must be
// recomputed, or the tools answer from the old figures (`npm run db:refresh-summaries`).

import type { Database } from './database.js';
import type { Queryable } from './queryable.js';

/** Every summary table, in the order the refresh writes them. Names are constants, never input. */
export const SUMMARY_TABLES = [
  'retail_summary.store_days',
  'retail_summary.category_days',
  'retail_summary.category_months',
  'retail_summary.product_days',
  'retail_summary.product_months',
  'retail_summary.customer_days',
  'retail_summary.customer_first_orders',
] as const;

export interface SummaryRefresh {
  /** Rows in each summary table after the refresh. */
  rows: Record<(typeof SUMMARY_TABLES)[number], number>;
  ms: number;
}

/** Recomputes every summary in the caller's maintenance transaction (the seed's, or refreshSalesSummaries'). */
export async function recomputeSummaries(q: Queryable): Promise<void> {
  await q.query('SELECT app.refresh_sales_summaries()');
}

/** Statistics for the planner after the summaries were rewritten (ANALYZE runs inside a transaction). */
export async function analyzeSummaries(q: Queryable): Promise<void> {
  await q.query(`ANALYZE ${SUMMARY_TABLES.join(', ')}`);
}

/**
 * VACUUM cannot run in a transaction, so after the commit: it sets the visibility map, which lets the business tools
 * scan the summaries index-only where autovacuum is off or has not come round yet.
 */
export async function vacuumSummaries(db: Database): Promise<void> {
  await db.query(`VACUUM ${SUMMARY_TABLES.join(', ')}`);
}

/**
 * Recomputes the summaries from the current order lines in one maintenance transaction (readers keep seeing the old
 * figures until it commits), then analyzes and vacuums them. Owner work: `db` must be the owner's connection.
 */
export async function refreshSalesSummaries(db: Database): Promise<SummaryRefresh> {
  const started = performance.now();
  const rows = await db.withMaintenance(async (q) => {
    await recomputeSummaries(q);
    await analyzeSummaries(q);
    const counted = await q.query<{ table_name: string; n: string | number }>(
      SUMMARY_TABLES.map((table) => `SELECT '${table}' AS table_name, count(*) AS n FROM ${table}`).join(' UNION ALL '),
    );
    return Object.fromEntries(counted.rows.map((r) => [r.table_name, Number(r.n)])) as SummaryRefresh['rows'];
  });
  await vacuumSummaries(db);
  return { rows, ms: Math.round(performance.now() - started) };
}
