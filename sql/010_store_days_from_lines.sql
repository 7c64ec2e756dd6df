-- app.refresh_sales_summaries(), store_days computed from the lines themselves, as category_days is.
--
-- Why: a LANGUAGE sql function plans all its statements before the first one runs. 009 derived store_days by joining
-- two aggregates of customer_days and product_days, tables that are empty (just deleted) when that plan is made,
-- so the planner guessed a few rows and chose a nested loop that re-aggregated product_days for every store and
-- day: the seed's refresh took 182 s at scale 0.1. Reading only the store tables, whose statistics the seed
-- gathers first, the plan no longer depends on what the function itself has just written. Same figures: orders =
-- distinct orders with at least one line, sums of the lines.

CREATE OR REPLACE FUNCTION app.refresh_sales_summaries() RETURNS void
LANGUAGE sql SET search_path = pg_catalog, retail AS $$
  DELETE FROM retail_summary.store_days;
  DELETE FROM retail_summary.category_months;
  DELETE FROM retail_summary.category_days;
  DELETE FROM retail_summary.product_months;
  DELETE FROM retail_summary.product_days;
  DELETE FROM retail_summary.customer_days;
  DELETE FROM retail_summary.customer_first_orders;
  -- Rows in date order: a period's rows sit together on disk.
  INSERT INTO retail_summary.product_days (store_id, order_date, product_id, units, revenue, line_cost)
    SELECT o.store_id, o.order_date, oi.product_id, sum(oi.quantity), sum(oi.total_amount), sum(oi.quantity * p.cost)
      FROM retail.orders o JOIN retail.order_items oi ON oi.order_id = o.order_id JOIN retail.products p ON p.product_id = oi.product_id
     GROUP BY o.order_date, o.store_id, oi.product_id ORDER BY o.order_date, o.store_id, oi.product_id;
  -- Single-table aggregates of what was just written: no join, so no plan to get wrong.
  INSERT INTO retail_summary.product_months (store_id, month, product_id, units, revenue, line_cost)
    SELECT d.store_id, date_trunc('month', d.order_date)::date, d.product_id, sum(d.units), sum(d.revenue), sum(d.line_cost)
      FROM retail_summary.product_days d GROUP BY 2, 1, 3 ORDER BY 2, 1, 3;
  INSERT INTO retail_summary.category_days (store_id, order_date, category_id, orders, units, revenue, line_cost)
    SELECT o.store_id, o.order_date, p.category_id, count(DISTINCT o.order_id), sum(oi.quantity), sum(oi.total_amount), sum(oi.quantity * p.cost)
      FROM retail.orders o JOIN retail.order_items oi ON oi.order_id = o.order_id JOIN retail.products p ON p.product_id = oi.product_id
     GROUP BY o.order_date, o.store_id, p.category_id ORDER BY o.order_date, o.store_id, p.category_id;
  INSERT INTO retail_summary.category_months (store_id, month, category_id, orders, units, revenue, line_cost)
    SELECT d.store_id, date_trunc('month', d.order_date)::date, d.category_id, sum(d.orders), sum(d.units), sum(d.revenue), sum(d.line_cost)
      FROM retail_summary.category_days d GROUP BY 2, 1, 3 ORDER BY 2, 1, 3;
  INSERT INTO retail_summary.customer_days (store_id, order_date, customer_id, orders)
    SELECT o.store_id, o.order_date, o.customer_id, count(*)
      FROM retail.orders o WHERE o.order_id IN (SELECT oi.order_id FROM retail.order_items oi)
     GROUP BY o.order_date, o.store_id, o.customer_id ORDER BY o.order_date, o.store_id, o.customer_id;
  INSERT INTO retail_summary.store_days (store_id, order_date, orders, units, revenue, line_cost)
    SELECT o.store_id, o.order_date, count(DISTINCT o.order_id), sum(oi.quantity), sum(oi.total_amount), sum(oi.quantity * p.cost)
      FROM retail.orders o JOIN retail.order_items oi ON oi.order_id = o.order_id JOIN retail.products p ON p.product_id = oi.product_id
     GROUP BY o.order_date, o.store_id ORDER BY o.order_date, o.store_id;
  INSERT INTO retail_summary.customer_first_orders (store_id, customer_id, first_order_date)
    SELECT o.store_id, o.customer_id, min(o.order_date) FROM retail.orders o GROUP BY o.store_id, o.customer_id;
$$;

REVOKE ALL ON FUNCTION app.refresh_sales_summaries() FROM PUBLIC;
