// Ground truth for the analytics tools: figures computed directly in SQL as the superuser (RLS bypassed),
// restricted to a principal's stores by an explicit filter. Written independently of src/analytics/sales.

import type { TestTarget } from './targets.js';

export interface RefTotals {
  revenue: number;
  orders: number;
  units: number;
  customers: number;
  average_order_value: number;
  units_per_order: number;
  gross_margin: number;
  gross_margin_percent: number;
}

const num = (v: unknown): number => Number(v ?? 0);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Headline figures of the order lines dated from..to at the given stores. */
export async function refTotals(target: TestTarget, storeIds: readonly number[], from: string, to: string): Promise<RefTotals> {
  const [row] = await target.admin(
    `SELECT coalesce(sum(oi.total_amount), 0) AS revenue,
            count(DISTINCT o.order_id) AS orders,
            coalesce(sum(oi.quantity), 0) AS units,
            count(DISTINCT o.customer_id) AS customers,
            coalesce(round(sum(oi.total_amount) / nullif(count(DISTINCT o.order_id), 0), 2), 0) AS aov,
            coalesce(round(sum(oi.quantity)::numeric / nullif(count(DISTINCT o.order_id), 0), 2), 0) AS upo,
            coalesce(sum(oi.total_amount) - sum(oi.quantity * p.cost), 0) AS gm,
            coalesce(round((sum(oi.total_amount) - sum(oi.quantity * p.cost)) / nullif(sum(oi.total_amount), 0) * 100, 2), 0) AS gmp
       FROM retail.orders o
       JOIN retail.order_items oi ON oi.order_id = o.order_id
       JOIN retail.products p ON p.product_id = oi.product_id
      WHERE o.store_id = ANY ($1::int[]) AND o.order_date >= $2::date AND o.order_date <= $3::date`,
    [[...storeIds], from, to],
  );
  return {
    revenue: num(row?.revenue),
    orders: num(row?.orders),
    units: num(row?.units),
    customers: num(row?.customers),
    average_order_value: num(row?.aov),
    units_per_order: num(row?.upo),
    gross_margin: num(row?.gm),
    gross_margin_percent: num(row?.gmp),
  };
}

/** Change percent of two figures, computed in SQL numeric (null when the base is 0). */
export async function refChange(target: TestTarget, current: number, previous: number): Promise<number | null> {
  const [row] = await target.admin(
    `SELECT CASE WHEN $2::numeric = 0 THEN NULL ELSE round(($1::numeric - $2::numeric) * 100 / $2::numeric, 2) END AS c`,
    [String(current), String(previous)],
  );
  return numOrNull(row?.c);
}

export async function refCategories(target: TestTarget, storeIds: readonly number[], from: string, to: string) {
  const rows = await target.admin(
    `WITH c AS (
       SELECT cat.category_name AS category, sum(oi.total_amount) AS revenue, sum(oi.quantity) AS units
         FROM retail.orders o
         JOIN retail.order_items oi ON oi.order_id = o.order_id
         JOIN retail.products p ON p.product_id = oi.product_id
         JOIN retail.categories cat ON cat.category_id = p.category_id
        WHERE o.store_id = ANY ($1::int[]) AND o.order_date >= $2::date AND o.order_date <= $3::date
        GROUP BY cat.category_name)
     SELECT category, revenue, units, round(revenue * 100 / sum(revenue) OVER (), 2) AS share FROM c`,
    [[...storeIds], from, to],
  );
  return rows
    .map((r) => ({ category: String(r.category), revenue: num(r.revenue), units: num(r.units), share_percent: num(r.share) }))
    .sort((a, b) => b.revenue - a.revenue || (a.category < b.category ? -1 : 1));
}

const BUCKET_SQL = {
  day: 'o.order_date',
  week: 'o.order_date - (extract(isodow FROM o.order_date)::int - 1)',
  month: 'make_date(extract(year FROM o.order_date)::int, extract(month FROM o.order_date)::int, 1)',
  quarter: 'make_date(extract(year FROM o.order_date)::int, (extract(quarter FROM o.order_date)::int - 1) * 3 + 1, 1)',
} as const;
const GROUP_SQL = { none: 'NULL::text', store: 's.store_name', category: 'cat.category_name' } as const;

export async function refTrends(
  target: TestTarget,
  storeIds: readonly number[],
  from: string,
  to: string,
  granularity: keyof typeof BUCKET_SQL,
  groupBy: keyof typeof GROUP_SQL,
) {
  const rows = await target.admin(
    `SELECT to_char(${BUCKET_SQL[granularity]}, 'YYYY-MM-DD') AS bucket, ${GROUP_SQL[groupBy]} AS grp,
            sum(oi.total_amount) AS revenue, count(DISTINCT o.order_id) AS orders, sum(oi.quantity) AS units
       FROM retail.orders o
       JOIN retail.order_items oi ON oi.order_id = o.order_id
       JOIN retail.products p ON p.product_id = oi.product_id
       JOIN retail.categories cat ON cat.category_id = p.category_id
       JOIN retail.stores s ON s.store_id = o.store_id
      WHERE o.store_id = ANY ($1::int[]) AND o.order_date >= $2::date AND o.order_date <= $3::date
      GROUP BY 1, 2`,
    [[...storeIds], from, to],
  );
  return rows
    .map((r) => ({
      bucket_start: String(r.bucket),
      group: r.grp === null ? null : String(r.grp),
      revenue: num(r.revenue),
      orders: num(r.orders),
      units: num(r.units),
    }))
    .sort((a, b) => (a.bucket_start !== b.bucket_start ? (a.bucket_start < b.bucket_start ? -1 : 1) : (a.group ?? '') < (b.group ?? '') ? -1 : 1));
}

export async function refProducts(target: TestTarget, storeIds: readonly number[], from: string, to: string, category: string | null) {
  const rows = await target.admin(
    `SELECT p.product_id, p.sku, p.product_name, cat.category_name AS category,
            sum(oi.total_amount) AS revenue, sum(oi.quantity) AS units, sum(oi.total_amount) - sum(oi.quantity * p.cost) AS gm
       FROM retail.orders o
       JOIN retail.order_items oi ON oi.order_id = o.order_id
       JOIN retail.products p ON p.product_id = oi.product_id
       JOIN retail.categories cat ON cat.category_id = p.category_id
      WHERE o.store_id = ANY ($1::int[]) AND o.order_date >= $2::date AND o.order_date <= $3::date
        AND ($4::text IS NULL OR cat.category_name = $4::text)
      GROUP BY p.product_id, p.sku, p.product_name, cat.category_name`,
    [[...storeIds], from, to, category],
  );
  return rows.map((r) => ({
    product_id: num(r.product_id),
    sku: String(r.sku),
    product_name: String(r.product_name),
    category: String(r.category),
    revenue: num(r.revenue),
    units: num(r.units),
    gross_margin: num(r.gm),
  }));
}

export async function refStock(target: TestTarget, storeIds: readonly number[], from: string, to: string) {
  const rows = await target.admin(
    `WITH sold AS (
       SELECT o.store_id, oi.product_id, sum(oi.quantity) AS units
         FROM retail.orders o JOIN retail.order_items oi ON oi.order_id = o.order_id
        WHERE o.store_id = ANY ($1::int[]) AND o.order_date >= $2::date AND o.order_date <= $3::date
        GROUP BY o.store_id, oi.product_id)
     SELECT i.store_id, i.product_id, i.stock_level, coalesce(sold.units, 0) AS units_sold
       FROM retail.inventory i LEFT JOIN sold ON sold.store_id = i.store_id AND sold.product_id = i.product_id
      WHERE i.store_id = ANY ($1::int[])`,
    [[...storeIds], from, to],
  );
  return rows.map((r) => ({
    store_id: num(r.store_id),
    product_id: num(r.product_id),
    stock_level: num(r.stock_level),
    units_sold: num(r.units_sold),
  }));
}

export async function refCustomers(target: TestTarget, storeIds: readonly number[], from: string, to: string) {
  const [row] = await target.admin(
    `WITH l AS (
       SELECT o.order_id, o.customer_id, oi.total_amount
         FROM retail.orders o JOIN retail.order_items oi ON oi.order_id = o.order_id
        WHERE o.store_id = ANY ($1::int[]) AND o.order_date >= $2::date AND o.order_date <= $3::date),
     per AS (SELECT customer_id, count(DISTINCT order_id) AS n FROM l GROUP BY customer_id),
     firsts AS (SELECT customer_id, min(order_date) AS first_order FROM retail.orders WHERE store_id = ANY ($1::int[]) GROUP BY customer_id)
     SELECT (SELECT count(*) FROM per) AS customers,
            (SELECT count(*) FROM per JOIN firsts USING (customer_id) WHERE first_order >= $2::date AND first_order <= $3::date) AS new_customers,
            (SELECT count(*) FROM per WHERE n > 1) AS repeat_customers,
            (SELECT coalesce(sum(total_amount), 0) FROM l) AS revenue,
            (SELECT count(DISTINCT order_id) FROM l) AS orders`,
    [[...storeIds], from, to],
  );
  const [derived] = await target.admin(
    `SELECT CASE WHEN $1::int = 0 THEN 0 ELSE round($2::numeric * 100 / $1::int, 2) END AS rate,
            CASE WHEN $1::int = 0 THEN 0 ELSE round($3::numeric / $1::int, 2) END AS spend,
            CASE WHEN $1::int = 0 THEN 0 ELSE round($4::numeric / $1::int, 2) END AS per_customer`,
    [num(row?.customers), num(row?.repeat_customers), String(row?.revenue ?? 0), num(row?.orders)],
  );
  return {
    customers: num(row?.customers),
    new_customers: num(row?.new_customers),
    returning_customers: num(row?.customers) - num(row?.new_customers),
    repeat_customers: num(row?.repeat_customers),
    repeat_rate_percent: num(derived?.rate),
    average_spend_per_customer: num(derived?.spend),
    average_orders_per_customer: num(derived?.per_customer),
  };
}
