-- Row Level Security, FORCE'd so even the owner is subject to it, and the reader's SELECT-only grants.

-- Reference tables: readable in any open scope (an unknown caller has none).
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['stores', 'categories', 'product_types', 'products', 'product_description_embeddings'] LOOP
    EXECUTE format('ALTER TABLE retail.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE retail.%I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY read_in_scope ON retail.%I FOR SELECT USING ((SELECT app.scope_is_open()))', t);
    EXECUTE format('CREATE POLICY maintain ON retail.%I FOR ALL USING ((SELECT app.scope_can_write())) WITH CHECK ((SELECT app.scope_can_write()))', t);
  END LOOP;
END $$;

-- Store data: only rows of the caller's stores.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['customers', 'orders', 'order_items', 'inventory'] LOOP
    EXECUTE format('ALTER TABLE retail.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE retail.%I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY read_own_stores ON retail.%I FOR SELECT USING (store_id = ANY ((SELECT app.scope_store_ids())::integer[]))', t);
    EXECUTE format('CREATE POLICY maintain ON retail.%I FOR ALL USING ((SELECT app.scope_can_write())) WITH CHECK ((SELECT app.scope_can_write()))', t);
  END LOOP;
END $$;

REVOKE ALL ON ALL TABLES IN SCHEMA retail FROM PUBLIC;
GRANT USAGE ON SCHEMA retail TO zava_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA retail TO zava_reader;

-- The reader needs no temporary tables; revoke where this user owns the database (it does on Neon and locally).
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_database d WHERE d.datname = current_database() AND pg_has_role(current_user, d.datdba, 'USAGE')) THEN
    EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
  END IF;
END $$;
