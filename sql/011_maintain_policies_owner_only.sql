-- The `maintain` policies (FOR ALL, USING the maintenance scope) apply to the tables' owner only, no longer to PUBLIC.
--
-- Why: permissive policies for the same command are OR'ed, so every SELECT the reader ran carried
-- `(store_id = ANY (<scope's stores>)) OR <scope can write>`. A run-time boolean OR'ed in keeps the planner from
-- using an index on store_id: a store manager's query over order_items at scale 1 scanned every store's lines and
-- filtered (19 ms against 6.7 ms for a product filter, 20 ms against 1.9 ms for last month's orders joined to their
-- lines, measured with this change inside a rolled-back transaction). Maintenance was already the owner's work only:
-- the reader and the runtime login hold no write privilege and cannot open a maintenance scope. So the reader now
-- sees its own policy alone, and even a reader that made the maintenance check true would gain nothing.
-- The owner is looked up per table, so this holds whoever runs the migration (the owner, or a superuser).
DO $$
DECLARE t record;
BEGIN
  FOR t IN
    SELECT p.schemaname, p.tablename, c.relowner::regrole AS owner
      FROM pg_policies p
      JOIN pg_class c ON c.relname = p.tablename AND c.relnamespace = p.schemaname::regnamespace
     WHERE p.policyname = 'maintain' AND p.schemaname IN ('retail', 'retail_summary')
  LOOP
    EXECUTE format('ALTER POLICY maintain ON %I.%I TO %s', t.schemaname, t.tablename, t.owner);
  END LOOP;
END $$;
