// Realistic analytics queries over schema retail (sql/001_schema.sql). The SQL guard must accept every one of
// them (test/unit/sql-guard.test.ts), and integration tests can run the same list against a real database.
// Unqualified table names resolve through the connection's search_path (retail); some queries qualify them.
// Dates are relative to the test data's pinned last day (AS_OF), never current_date, so every query has rows on
// any calendar day; every top-level ORDER BY is total (ties broken), so row order can be compared exactly.

import { TEST_END_DATE } from './template.js';

/** "Today" for these queries: the last day of the pinned test data. */
const AS_OF = `date '${TEST_END_DATE}'`;

export interface AnalyticsQuery {
  name: string;
  sql: string;
}

export const ANALYTICS_QUERIES: AnalyticsQuery[] = [
  {
    name: 'revenue by store',
    sql: `SELECT s.store_name, s.city, count(DISTINCT o.order_id) AS orders, sum(oi.total_amount) AS revenue
FROM retail.orders o
JOIN retail.order_items oi ON oi.order_id = o.order_id
JOIN retail.stores s ON s.store_id = o.store_id
GROUP BY s.store_name, s.city
ORDER BY revenue DESC, s.store_name`,
  },
  {
    name: 'monthly revenue trend',
    sql: `SELECT date_trunc('month', o.order_date)::date AS month, sum(oi.total_amount) AS revenue, count(DISTINCT o.customer_id) AS customers
FROM orders o JOIN order_items oi USING (order_id)
WHERE o.order_date >= ${AS_OF} - interval '12 months'
GROUP BY 1
ORDER BY 1`,
  },
  {
    name: 'top products with category',
    sql: `SELECT p.product_name, c.category_name, sum(oi.quantity) AS units, round(sum(oi.total_amount), 2) AS revenue
FROM order_items oi
JOIN products p ON p.product_id = oi.product_id
JOIN categories c ON c.category_id = p.category_id
GROUP BY p.product_name, c.category_name
ORDER BY revenue DESC NULLS LAST, p.product_name
LIMIT 10`,
  },
  {
    name: 'category share of revenue',
    sql: `SELECT c.category_name,
       sum(oi.total_amount) AS revenue,
       round(100.0 * sum(oi.total_amount) / nullif(sum(sum(oi.total_amount)) OVER (), 0), 2) AS pct_of_total
FROM order_items oi
JOIN products p ON p.product_id = oi.product_id
JOIN categories c ON c.category_id = p.category_id
GROUP BY c.category_name
ORDER BY revenue DESC, c.category_name`,
  },
  {
    name: 'running total per store (window frame)',
    sql: `SELECT o.store_id, o.order_date, sum(oi.total_amount) AS day_revenue,
       sum(sum(oi.total_amount)) OVER (PARTITION BY o.store_id ORDER BY o.order_date
                                       ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running_revenue
FROM orders o JOIN order_items oi ON oi.order_id = o.order_id
GROUP BY o.store_id, o.order_date
ORDER BY o.store_id, o.order_date`,
  },
  {
    name: 'three-month moving average (nested CTEs)',
    sql: `WITH monthly AS (
  SELECT date_trunc('month', o.order_date) AS month, sum(oi.total_amount) AS revenue
  FROM orders o JOIN order_items oi ON oi.order_id = o.order_id
  GROUP BY 1
), smoothed AS (
  SELECT month, revenue,
         avg(revenue) OVER (ORDER BY month ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS moving_avg_3m
  FROM monthly
)
SELECT to_char(month, 'YYYY-MM') AS month, revenue, round(moving_avg_3m, 2) AS moving_avg_3m
FROM smoothed
ORDER BY month`,
  },
  {
    name: 'rank products within category',
    sql: `SELECT * FROM (
  SELECT c.category_name, p.product_name, sum(oi.total_amount) AS revenue,
         rank() OVER (PARTITION BY c.category_name ORDER BY sum(oi.total_amount) DESC) AS rnk,
         dense_rank() OVER w AS dense_rnk,
         percent_rank() OVER w AS pct_rank
  FROM order_items oi
  JOIN products p ON p.product_id = oi.product_id
  JOIN categories c ON c.category_id = p.category_id
  GROUP BY c.category_name, p.product_name
  WINDOW w AS (PARTITION BY c.category_name ORDER BY sum(oi.total_amount) DESC)
) ranked
WHERE rnk <= 3
ORDER BY category_name, rnk, product_name`,
  },
  {
    name: 'month-over-month growth with lag',
    sql: `WITH monthly AS (
  SELECT o.store_id, date_trunc('month', o.order_date)::date AS month, sum(oi.total_amount) AS revenue
  FROM retail.orders o JOIN retail.order_items oi ON oi.order_id = o.order_id
  GROUP BY 1, 2
),
growth AS (
  SELECT store_id, month, revenue,
         lag(revenue) OVER (PARTITION BY store_id ORDER BY month) AS prev_revenue
  FROM monthly
)
SELECT store_id, month, revenue, prev_revenue,
       CASE WHEN prev_revenue IS NULL OR prev_revenue = 0 THEN NULL
            ELSE round((revenue - prev_revenue) / prev_revenue * 100, 1) END AS growth_pct
FROM growth
ORDER BY store_id, month`,
  },
  {
    name: 'FILTER aggregates for discounts',
    sql: `SELECT s.store_name,
       count(*) AS lines,
       count(*) FILTER (WHERE oi.discount_percent > 0) AS discounted_lines,
       sum(oi.discount_amount) FILTER (WHERE oi.discount_percent >= 20) AS big_discount_amount,
       avg(oi.discount_percent) FILTER (WHERE oi.discount_percent > 0)::numeric(5,2) AS avg_discount
FROM order_items oi JOIN stores s ON s.store_id = oi.store_id
GROUP BY s.store_name
ORDER BY discounted_lines DESC, s.store_name`,
  },
  {
    name: 'GROUPING SETS by store and category',
    sql: `SELECT s.store_name, c.category_name, sum(oi.total_amount) AS revenue
FROM order_items oi
JOIN stores s ON s.store_id = oi.store_id
JOIN products p ON p.product_id = oi.product_id
JOIN categories c ON c.category_id = p.category_id
GROUP BY GROUPING SETS ((s.store_name, c.category_name), (s.store_name), ())
ORDER BY s.store_name NULLS LAST, c.category_name NULLS LAST`,
  },
  {
    name: 'ROLLUP with GROUPING()',
    sql: `SELECT extract(year FROM o.order_date) AS year, extract(quarter FROM o.order_date) AS quarter,
       sum(oi.total_amount) AS revenue,
       grouping(extract(year FROM o.order_date), extract(quarter FROM o.order_date)) AS grouping_level
FROM orders o JOIN order_items oi ON oi.order_id = o.order_id
GROUP BY ROLLUP (extract(year FROM o.order_date), extract(quarter FROM o.order_date))
ORDER BY 1, 2`,
  },
  {
    name: 'CUBE over store type and category',
    sql: `SELECT CASE WHEN s.is_online THEN 'online' ELSE 'physical' END AS channel, c.category_name,
       sum(oi.quantity) AS units
FROM order_items oi
JOIN stores s ON s.store_id = oi.store_id
JOIN products p ON p.product_id = oi.product_id
JOIN categories c ON c.category_id = p.category_id
GROUP BY CUBE (1, c.category_name)
ORDER BY 1, 2`,
  },
  {
    name: 'median and percentiles of order value',
    sql: `WITH order_totals AS (
  SELECT o.order_id, o.store_id, sum(oi.total_amount) AS order_total
  FROM orders o JOIN order_items oi ON oi.order_id = o.order_id
  GROUP BY o.order_id, o.store_id
)
SELECT store_id,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY order_total) AS median_order,
       percentile_cont(ARRAY[0.25, 0.75]) WITHIN GROUP (ORDER BY order_total) AS quartiles,
       percentile_disc(0.9) WITHIN GROUP (ORDER BY order_total) AS p90_order
FROM order_totals
GROUP BY store_id
ORDER BY store_id`,
  },
  {
    name: 'most common quantity (mode) and spread',
    sql: `SELECT p.category_id,
       mode() WITHIN GROUP (ORDER BY oi.quantity) AS typical_quantity,
       stddev_samp(oi.unit_price) AS price_stddev,
       variance(oi.quantity) AS quantity_variance,
       min(oi.unit_price) AS min_price, max(oi.unit_price) AS max_price
FROM order_items oi JOIN products p ON p.product_id = oi.product_id
GROUP BY p.category_id`,
  },
  {
    name: 'calendar of months with generate_series (literal bounds)',
    sql: `SELECT m.month::date AS month, coalesce(sum(oi.total_amount), 0) AS revenue
FROM generate_series(date '2024-01-01', date '2024-12-01', interval '1 month') AS m(month)
LEFT JOIN orders o ON date_trunc('month', o.order_date) = m.month
LEFT JOIN order_items oi ON oi.order_id = o.order_id
GROUP BY m.month
ORDER BY m.month`,
  },
  {
    name: 'last 12 months calendar relative to the last day of data',
    sql: `SELECT to_char(m.month, 'Mon YYYY') AS month_label, count(o.order_id) AS orders
FROM generate_series(date_trunc('month', ${AS_OF}) - interval '11 months',
                     date_trunc('month', ${AS_OF}), interval '1 month') AS m(month)
LEFT JOIN orders o ON o.order_date >= m.month AND o.order_date < m.month + interval '1 month'
GROUP BY m.month
ORDER BY m.month`,
  },
  {
    name: 'weekday pattern with to_char and extract',
    sql: `SELECT extract(isodow FROM o.order_date) AS iso_dow, trim(to_char(o.order_date, 'Day')) AS weekday,
       count(*) AS orders
FROM orders o
GROUP BY 1, 2
ORDER BY 1`,
  },
  {
    name: 'order size buckets with CASE',
    sql: `WITH totals AS (
  SELECT oi.order_id, sum(oi.total_amount) AS order_total
  FROM order_items oi GROUP BY oi.order_id
)
SELECT CASE
         WHEN order_total < 50 THEN 'small'
         WHEN order_total BETWEEN 50 AND 200 THEN 'medium'
         ELSE 'large'
       END AS bucket,
       count(*) AS orders, round(avg(order_total), 2) AS avg_total
FROM totals
GROUP BY 1
ORDER BY min(order_total)`,
  },
  {
    name: 'customer email domains (string functions)',
    sql: `SELECT lower(split_part(c.email, '@', 2)) AS domain,
       count(*) AS customers,
       string_agg(DISTINCT initcap(c.first_name), ', ' ORDER BY initcap(c.first_name)) AS sample_names
FROM customers c
WHERE c.email LIKE '%@%' AND length(c.email) > 3
GROUP BY 1
ORDER BY customers DESC, domain
LIMIT 20`,
  },
  {
    name: 'margin analysis with casts',
    sql: `SELECT pt.type_name,
       avg(p.gross_margin_percent)::numeric(5,2) AS avg_margin_pct,
       CAST(avg(p.base_price - p.cost) AS double precision) AS avg_margin_amount,
       stddev(p.base_price)::real AS price_stddev,
       count(*)::int AS products
FROM products p JOIN product_types pt ON pt.type_id = p.type_id
GROUP BY pt.type_name
HAVING count(*) >= 1
ORDER BY avg_margin_pct DESC, pt.type_name`,
  },
  {
    name: 'similar products by embedding distance (pgvector operator)',
    sql: `SELECT p.product_name, e.description_embedding <=> ref.description_embedding AS cosine_dist
FROM product_description_embeddings e
JOIN products p ON p.product_id = e.product_id
CROSS JOIN (SELECT description_embedding FROM product_description_embeddings WHERE product_id = 1) AS ref
WHERE e.product_id <> 1
ORDER BY e.description_embedding <=> ref.description_embedding, e.product_id
LIMIT 5`,
  },
  {
    name: 'embedding distances (pgvector functions)',
    sql: `SELECT e.product_id, vector_dims(e.description_embedding) AS dims,
       cosine_distance(e.description_embedding, (SELECT description_embedding FROM retail.product_description_embeddings WHERE product_id = 2)) AS cos_d,
       l2_distance(e.description_embedding, (SELECT description_embedding FROM retail.product_description_embeddings WHERE product_id = 2)) AS l2_d,
       e.description_embedding <-> (SELECT description_embedding FROM retail.product_description_embeddings WHERE product_id = 2) AS l2_op
FROM retail.product_description_embeddings e
ORDER BY cos_d, e.product_id
LIMIT 10`,
  },
  {
    name: 'online vs physical revenue (UNION ALL)',
    sql: `SELECT 'online' AS channel, sum(oi.total_amount) AS revenue
FROM order_items oi JOIN stores s ON s.store_id = oi.store_id WHERE s.is_online
UNION ALL
SELECT 'physical', sum(oi.total_amount)
FROM order_items oi JOIN stores s ON s.store_id = oi.store_id WHERE NOT s.is_online
ORDER BY channel`,
  },
  {
    name: 'active customers (EXISTS)',
    sql: `SELECT c.customer_id, c.first_name || ' ' || c.last_name AS customer_name, c.store_id
FROM customers c
WHERE EXISTS (
  SELECT 1 FROM orders o
  WHERE o.customer_id = c.customer_id AND o.order_date > ${AS_OF} - 90
)
ORDER BY c.customer_id
LIMIT 50`,
  },
  {
    name: 'products never sold (NOT EXISTS)',
    sql: `SELECT p.product_id, p.sku, p.product_name
FROM products p
WHERE NOT EXISTS (SELECT 1 FROM order_items oi WHERE oi.product_id = p.product_id)
ORDER BY p.product_id`,
  },
  {
    name: 'orders containing a category (IN subquery)',
    sql: `SELECT count(DISTINCT oi.order_id) AS orders_with_category
FROM order_items oi
WHERE oi.product_id IN (
  SELECT p.product_id FROM products p
  JOIN categories c ON c.category_id = p.category_id
  WHERE c.category_name ILIKE '%paint%'
)`,
  },
  {
    name: 'top three products per store (LATERAL)',
    sql: `SELECT s.store_name, top.product_name, top.revenue
FROM stores s
CROSS JOIN LATERAL (
  SELECT p.product_name, sum(oi.total_amount) AS revenue
  FROM order_items oi JOIN products p ON p.product_id = oi.product_id
  WHERE oi.store_id = s.store_id
  GROUP BY p.product_name
  ORDER BY revenue DESC, p.product_name
  LIMIT 3
) AS top
ORDER BY s.store_name, top.revenue DESC, top.product_name`,
  },
  {
    name: 'latest order per customer (DISTINCT ON)',
    sql: `SELECT DISTINCT ON (o.customer_id) o.customer_id, o.order_id, o.order_date
FROM orders o
ORDER BY o.customer_id, o.order_date DESC, o.order_id DESC`,
  },
  {
    name: 'paginated order lines (LIMIT/OFFSET)',
    sql: `SELECT oi.order_item_id, oi.order_id, oi.product_id, oi.quantity, oi.unit_price, oi.total_amount
FROM order_items oi
ORDER BY oi.order_item_id
LIMIT 25 OFFSET 50`,
  },
  {
    name: 'repeat customers (HAVING)',
    sql: `SELECT o.customer_id, count(*) AS orders, min(o.order_date) AS first_order, max(o.order_date) AS last_order
FROM orders o
GROUP BY o.customer_id
HAVING count(*) > 1 AND max(o.order_date) - min(o.order_date) > 30
ORDER BY orders DESC, o.customer_id`,
  },
  {
    name: 'low stock with coalesce, nullif, greatest, least',
    sql: `SELECT s.store_name, p.product_name, i.stock_level,
       coalesce(sold.units, 0) AS units_sold,
       round(i.stock_level::numeric / nullif(sold.units, 0), 1) AS stock_to_sales,
       greatest(0, 10 - i.stock_level) AS reorder_qty,
       least(i.stock_level, 100) AS capped_stock
FROM inventory i
JOIN stores s ON s.store_id = i.store_id
JOIN products p ON p.product_id = i.product_id
LEFT JOIN (
  SELECT store_id, product_id, sum(quantity) AS units
  FROM order_items GROUP BY store_id, product_id
) sold ON sold.store_id = i.store_id AND sold.product_id = i.product_id
WHERE i.stock_level < 10
ORDER BY i.stock_level, s.store_name, p.product_name`,
  },
  {
    name: 'WITH RECURSIVE price ladder',
    sql: `WITH RECURSIVE ladder(step, threshold) AS (
  SELECT 1, 10.00::numeric
  UNION ALL
  SELECT step + 1, threshold * 2 FROM ladder WHERE step < 8
)
SELECT l.step, l.threshold, count(p.product_id) AS products_below
FROM ladder l LEFT JOIN products p ON p.base_price < l.threshold
GROUP BY l.step, l.threshold
ORDER BY l.step`,
  },
  {
    name: 'stocked but never sold (EXCEPT) and sold and stocked (INTERSECT)',
    sql: `(SELECT product_id FROM inventory WHERE stock_level > 0
  EXCEPT
  SELECT product_id FROM order_items)
UNION
(SELECT product_id FROM inventory
  INTERSECT
  SELECT product_id FROM order_items WHERE quantity > 5)
ORDER BY product_id`,
  },
  {
    name: 'customer cohorts by signup month',
    sql: `SELECT date_trunc('month', c.created_at)::date AS cohort,
       count(DISTINCT c.customer_id) AS customers,
       count(DISTINCT o.customer_id) FILTER (WHERE o.order_date < c.created_at + 30) AS ordered_within_30d,
       avg(o.order_date - c.created_at) AS avg_days_to_order,
       max(age(o.order_date::timestamp, c.created_at::timestamp)) AS longest_gap
FROM customers c LEFT JOIN orders o ON o.customer_id = c.customer_id
GROUP BY 1
ORDER BY 1`,
  },
  {
    name: 'store summary as JSON',
    sql: `SELECT s.store_id,
       jsonb_build_object('store', s.store_name, 'city', s.city, 'online', s.is_online,
                          'revenue', coalesce(sum(oi.total_amount), 0)) AS summary,
       json_agg(DISTINCT oi.product_id) FILTER (WHERE oi.product_id IS NOT NULL) AS products_sold
FROM stores s LEFT JOIN order_items oi ON oi.store_id = s.store_id
GROUP BY s.store_id, s.store_name, s.city, s.is_online
ORDER BY s.store_id`,
  },
  {
    name: 'discount vs quantity correlation',
    sql: `SELECT corr(oi.discount_percent, oi.quantity) AS corr_discount_qty,
       regr_slope(oi.quantity, oi.discount_percent) AS slope,
       regr_r2(oi.quantity, oi.discount_percent) AS r2,
       covar_samp(oi.discount_percent, oi.quantity) AS covariance
FROM order_items oi`,
  },
  {
    name: 'targets from a VALUES list',
    sql: `SELECT t.store_id, t.target, coalesce(sum(oi.total_amount), 0) AS actual,
       coalesce(sum(oi.total_amount), 0) >= t.target AS met
FROM (VALUES (1, 1000.00), (2, 2500.00), (3, 500.00)) AS t(store_id, target)
LEFT JOIN order_items oi ON oi.store_id = t.store_id
GROUP BY t.store_id, t.target
ORDER BY t.store_id`,
  },
  {
    name: 'customer spend quartiles (ntile)',
    sql: `WITH spend AS (
  SELECT o.customer_id, sum(oi.total_amount) AS total_spend
  FROM orders o JOIN order_items oi ON oi.order_id = o.order_id
  GROUP BY o.customer_id
)
SELECT quartile, count(*) AS customers, min(total_spend) AS min_spend, max(total_spend) AS max_spend
FROM (SELECT customer_id, total_spend, ntile(4) OVER (ORDER BY total_spend) AS quartile FROM spend) q
GROUP BY quartile
ORDER BY quartile`,
  },
  {
    name: 'product search with ILIKE and regexp_replace',
    sql: `SELECT p.sku, regexp_replace(p.product_name, '\\s+', ' ', 'g') AS clean_name,
       substring(p.product_description from 1 for 80) AS teaser,
       position('paint' in lower(p.product_description)) > 0 AS mentions_paint
FROM products p
WHERE p.product_name ILIKE '%brush%' OR p.product_description ~* 'paint(s)?'
ORDER BY p.sku
LIMIT 20`,
  },
  {
    name: 'correlated scalar subquery for last order date',
    sql: `SELECT s.store_id, s.store_name,
       (SELECT max(o.order_date) FROM orders o WHERE o.store_id = s.store_id) AS last_order_date,
       (SELECT count(*) FROM customers c WHERE c.store_id = s.store_id) AS customers
FROM stores s
ORDER BY s.store_id`,
  },
  {
    name: 'first and last product bought per customer (first_value/last_value, lead)',
    sql: `SELECT DISTINCT o.customer_id,
       first_value(oi.product_id) OVER w AS first_product,
       last_value(oi.product_id) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS last_product,
       lead(o.order_date, 1) OVER (PARTITION BY o.customer_id ORDER BY o.order_date, o.order_id) AS next_order_date
FROM orders o JOIN order_items oi ON oi.order_id = o.order_id
WINDOW w AS (PARTITION BY o.customer_id ORDER BY o.order_date, oi.order_item_id)
ORDER BY 1, 2, 3, 4
LIMIT 100`,
  },
  {
    name: 'daily revenue in the latest quarter with date_part and make_date',
    sql: `SELECT o.order_date, date_part('day', o.order_date) AS day_of_month, sum(oi.total_amount) AS revenue
FROM orders o JOIN order_items oi ON oi.order_id = o.order_id
WHERE o.order_date >= date_trunc('quarter', ${AS_OF})
  AND o.order_date < make_date(2100, 1, 1)
GROUP BY o.order_date
ORDER BY o.order_date`,
  },
  {
    name: 'inventory value for a list of stores (unnest)',
    sql: `SELECT s.store_name, sum(i.stock_level * p.cost) AS stock_value
FROM inventory i
JOIN products p ON p.product_id = i.product_id
JOIN stores s ON s.store_id = i.store_id
WHERE i.store_id = ANY (SELECT x FROM unnest(ARRAY[1, 2, 3, 4, 5]) AS u(x))
GROUP BY s.store_name
ORDER BY stock_value DESC, s.store_name`,
  },
  {
    name: 'month labels with ROWS FROM and WITH ORDINALITY',
    sql: `SELECT m.label, m.ord, count(o.order_id) AS orders
FROM ROWS FROM (generate_series(1, 12), unnest(ARRAY['Jan','Feb','Mar','Apr','May','Jun','Jul','Aug','Sep','Oct','Nov','Dec']))
     WITH ORDINALITY AS m(month_no, label, ord)
LEFT JOIN orders o ON extract(month FROM o.order_date) = m.month_no
GROUP BY m.label, m.ord
ORDER BY m.ord`,
  },
];
