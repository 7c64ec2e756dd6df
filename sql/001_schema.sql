-- Retail schema: reference data (stores, catalog) and store data (customers, orders, inventory).
-- pgvector must already exist (see the migration runner: an administrator creates it once).

CREATE SCHEMA IF NOT EXISTS retail;

CREATE TABLE retail.stores (
  store_id    integer PRIMARY KEY,
  store_name  text    NOT NULL UNIQUE,
  city        text    NOT NULL,
  is_online   boolean NOT NULL DEFAULT false
);

CREATE TABLE retail.categories (
  category_id   integer PRIMARY KEY,
  category_name text NOT NULL UNIQUE
);

CREATE TABLE retail.product_types (
  type_id     integer PRIMARY KEY,
  category_id integer NOT NULL REFERENCES retail.categories,
  type_name   text    NOT NULL,
  UNIQUE (category_id, type_name)
);

CREATE TABLE retail.products (
  product_id           integer PRIMARY KEY,
  sku                  text    NOT NULL UNIQUE,
  product_name         text    NOT NULL,
  category_id          integer NOT NULL REFERENCES retail.categories,
  type_id              integer NOT NULL REFERENCES retail.product_types,
  cost                 numeric(10,2) NOT NULL CHECK (cost >= 0),
  base_price           numeric(10,2) NOT NULL CHECK (base_price > 0),
  gross_margin_percent numeric(5,2) GENERATED ALWAYS AS (round((base_price - cost) / base_price * 100, 2)) STORED,
  product_description  text    NOT NULL
);
CREATE INDEX products_category_idx ON retail.products (category_id);
CREATE INDEX products_type_idx ON retail.products (type_id);

-- A customer belongs to one home store; RLS scopes customers by it.
CREATE TABLE retail.customers (
  customer_id integer PRIMARY KEY,
  first_name  text NOT NULL,
  last_name   text NOT NULL,
  email       text NOT NULL UNIQUE,
  phone       text,
  store_id    integer NOT NULL REFERENCES retail.stores,
  created_at  date NOT NULL
);
CREATE INDEX customers_store_idx ON retail.customers (store_id);

CREATE TABLE retail.orders (
  order_id    integer PRIMARY KEY,
  customer_id integer NOT NULL REFERENCES retail.customers,
  store_id    integer NOT NULL REFERENCES retail.stores,
  order_date  date    NOT NULL
);
CREATE INDEX orders_store_date_idx ON retail.orders (store_id, order_date);
CREATE INDEX orders_customer_idx ON retail.orders (customer_id);

-- store_id is repeated on each line so RLS can scope lines without a join.
CREATE TABLE retail.order_items (
  order_item_id    integer PRIMARY KEY,
  order_id         integer NOT NULL REFERENCES retail.orders,
  store_id         integer NOT NULL REFERENCES retail.stores,
  product_id       integer NOT NULL REFERENCES retail.products,
  quantity         integer NOT NULL CHECK (quantity > 0),
  unit_price       numeric(10,2) NOT NULL,
  discount_percent integer NOT NULL DEFAULT 0 CHECK (discount_percent BETWEEN 0 AND 100),
  discount_amount  numeric(10,2) NOT NULL DEFAULT 0,
  total_amount     numeric(12,2) NOT NULL
);
CREATE INDEX order_items_order_idx ON retail.order_items (order_id);
CREATE INDEX order_items_store_product_idx ON retail.order_items (store_id, product_id);
CREATE INDEX order_items_product_idx ON retail.order_items (product_id);

CREATE TABLE retail.inventory (
  store_id    integer NOT NULL REFERENCES retail.stores,
  product_id  integer NOT NULL REFERENCES retail.products,
  stock_level integer NOT NULL CHECK (stock_level >= 0),
  PRIMARY KEY (store_id, product_id)
);
CREATE INDEX inventory_product_idx ON retail.inventory (product_id);

-- One vector per product; model and text hash let the embed pipeline find stale or mixed vectors.
CREATE TABLE retail.product_description_embeddings (
  product_id            integer PRIMARY KEY REFERENCES retail.products ON DELETE CASCADE,
  description_embedding vector(1536) NOT NULL,
  embedding_model       text NOT NULL,
  text_hash             text NOT NULL,
  last_updated          timestamptz NOT NULL DEFAULT now()
);
