-- Sales summaries: the lines of a period (order_items of orders, by the order's store and order_date) pre-aggregated
-- per store and day (and, for categories and products, per month), so the six business tools read a few thousand
-- rows per year instead of joining ~80,000 lines at scale 1. Every figure keeps its definition: sums of
-- order_items.total_amount, quantity and quantity × products.cost; orders = distinct orders among the lines of the
-- group (an order has one store and one date, so these add up across stores, days and months); customers are
-- counted from the per-customer rows. Derived data only (docs/architecture.md, "Sales summaries"):
-- app.refresh_sales_summaries() recomputes all of it from retail.orders, retail.order_items and retail.products;
-- the seed calls it, and so must anything else that changes those tables (or a product's cost or category). No
-- foreign keys: derived rows never block deleting or truncating the rows they came from.

CREATE SCHEMA retail_summary;

-- Per store and day: orders (distinct, with at least one line), units, revenue, line cost (quantity × products.cost).
CREATE TABLE retail_summary.store_days (
  store_id   integer NOT NULL,
  order_date date    NOT NULL,
  orders     integer NOT NULL,
  units      bigint  NOT NULL,
  revenue    numeric(14,2) NOT NULL,
  line_cost  numeric(14,2) NOT NULL,
  PRIMARY KEY (store_id, order_date)
);

-- Per store, day and category; orders = distinct orders with a line in the category. *_months: the same by
-- calendar month (month = its first day), the sum of its days.
CREATE TABLE retail_summary.category_days (
  store_id    integer NOT NULL,
  order_date  date    NOT NULL,
  category_id integer NOT NULL,
  orders      integer NOT NULL,
  units       bigint  NOT NULL,
  revenue     numeric(14,2) NOT NULL,
  line_cost   numeric(14,2) NOT NULL,
  PRIMARY KEY (store_id, order_date, category_id)
);

CREATE TABLE retail_summary.category_months (
  store_id    integer NOT NULL,
  month       date    NOT NULL,
  category_id integer NOT NULL,
  orders      integer NOT NULL,
  units       bigint  NOT NULL,
  revenue     numeric(14,2) NOT NULL,
  line_cost   numeric(14,2) NOT NULL,
  PRIMARY KEY (store_id, month, category_id)
);

-- Per store, day (or month) and product.
CREATE TABLE retail_summary.product_days (
  store_id   integer NOT NULL,
  order_date date    NOT NULL,
  product_id integer NOT NULL,
  units      bigint  NOT NULL,
  revenue    numeric(14,2) NOT NULL,
  line_cost  numeric(14,2) NOT NULL,
  PRIMARY KEY (store_id, order_date, product_id)
);

CREATE TABLE retail_summary.product_months (
  store_id   integer NOT NULL,
  month      date    NOT NULL,
  product_id integer NOT NULL,
  units      bigint  NOT NULL,
  revenue    numeric(14,2) NOT NULL,
  line_cost  numeric(14,2) NOT NULL,
  PRIMARY KEY (store_id, month, product_id)
);

-- Per store, day and customer: the customer's orders with at least one line that day at that store.
CREATE TABLE retail_summary.customer_days (
  store_id    integer NOT NULL,
  order_date  date    NOT NULL,
  customer_id integer NOT NULL,
  orders      integer NOT NULL,
  PRIMARY KEY (store_id, order_date, customer_id)
);

-- A customer's first order at a store (from retail.orders, as "new customer" is defined). Read by first-order
-- date (who started in a period) and by customer (did they start earlier at another selected store).
CREATE TABLE retail_summary.customer_first_orders (
  store_id         integer NOT NULL,
  customer_id      integer NOT NULL,
  first_order_date date    NOT NULL,
  PRIMARY KEY (customer_id, store_id)
);
CREATE INDEX customer_first_orders_store_date_idx ON retail_summary.customer_first_orders (store_id, first_order_date);

-- The same policies as the store tables they summarise (sql/003_rls.sql), FORCE'd.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['store_days', 'category_days', 'category_months', 'product_days', 'product_months', 'customer_days',
                           'customer_first_orders'] LOOP
    EXECUTE format('ALTER TABLE retail_summary.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE retail_summary.%I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY read_own_stores ON retail_summary.%I FOR SELECT USING (store_id = ANY ((SELECT app.scope_store_ids())::integer[]))', t);
    EXECUTE format('CREATE POLICY maintain ON retail_summary.%I FOR ALL USING ((SELECT app.scope_can_write())) WITH CHECK ((SELECT app.scope_can_write()))', t);
  END LOOP;
END $$;

REVOKE ALL ON ALL TABLES IN SCHEMA retail_summary FROM PUBLIC;
GRANT USAGE ON SCHEMA retail_summary TO zava_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA retail_summary TO zava_reader;

-- Recomputes every summary from the store tables. Runs with the caller's rights and RLS: only in the maintenance
-- scope (the seed's transaction) can it read every store and write.
CREATE FUNCTION app.refresh_sales_summaries() RETURNS void
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
  -- An order belongs to one store and one day, so a store's day sums its customers' orders and its products' lines.
  INSERT INTO retail_summary.store_days (store_id, order_date, orders, units, revenue, line_cost)
    SELECT c.store_id, c.order_date, c.orders, p.units, p.revenue, p.line_cost
      FROM (SELECT store_id, order_date, sum(orders) AS orders FROM retail_summary.customer_days GROUP BY 1, 2) c
      JOIN (SELECT store_id, order_date, sum(units) AS units, sum(revenue) AS revenue, sum(line_cost) AS line_cost
              FROM retail_summary.product_days GROUP BY 1, 2) p USING (store_id, order_date)
     ORDER BY c.order_date, c.store_id;
  INSERT INTO retail_summary.customer_first_orders (store_id, customer_id, first_order_date)
    SELECT o.store_id, o.customer_id, min(o.order_date) FROM retail.orders o GROUP BY o.store_id, o.customer_id;
$$;

REVOKE ALL ON FUNCTION app.refresh_sales_summaries() FROM PUBLIC;

-- A database seeded before this migration gets its summaries now (an empty one gets none), in a maintenance
-- scope that is removed again so app.tx_scope keeps no row of it.
SELECT app.open_maintenance_scope();
SELECT app.refresh_sales_summaries();
DELETE FROM app.tx_scope WHERE xid = pg_current_xact_id();
ANALYZE retail_summary.store_days, retail_summary.category_days, retail_summary.category_months, retail_summary.product_days,
  retail_summary.product_months, retail_summary.customer_days, retail_summary.customer_first_orders;
