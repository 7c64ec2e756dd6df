-- Who may see what: principals, their stores, the reader role, and the per-transaction scope the RLS policies trust.

CREATE SCHEMA IF NOT EXISTS app;

CREATE TABLE app.principals (
  principal_id text PRIMARY KEY,
  display_name text NOT NULL,
  role         text NOT NULL CHECK (role IN ('store_manager', 'regional_manager', 'head_office'))
);

CREATE TABLE app.principal_stores (
  principal_id text    NOT NULL REFERENCES app.principals ON DELETE CASCADE,
  store_id     integer NOT NULL REFERENCES retail.stores,
  PRIMARY KEY (principal_id, store_id)
);

-- The scope of the current transaction, keyed by its transaction id. A row is written by open_scope()
-- before the transaction turns READ ONLY and is never committed (tool calls always roll back), so a
-- caller who can run set_config() still cannot forge or widen it: writing here needs a read-write
-- transaction, and a read-only one cannot become read-write again.
CREATE TABLE app.tx_scope (
  xid          xid8    PRIMARY KEY,
  principal_id text    NOT NULL,
  role         text    NOT NULL,
  store_ids    integer[],          -- NULL means every store (head office, maintenance)
  can_write    boolean NOT NULL DEFAULT false
);

-- The unprivileged role every tool call runs as: owns nothing, no BYPASSRLS, SELECT only.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'zava_reader') THEN
    CREATE ROLE zava_reader NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
  END IF;
END $$;
GRANT zava_reader TO CURRENT_USER;

-- Opens the caller's scope for this transaction and returns it. Unknown principal: refused (fail closed).
CREATE FUNCTION app.open_scope(p_principal text, OUT o_role text, OUT o_store_ids integer[])
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, app AS $$
DECLARE
  v_ids integer[];
BEGIN
  SELECT p.role INTO o_role FROM app.principals p WHERE p.principal_id = p_principal;
  IF o_role IS NULL THEN
    RAISE EXCEPTION 'unknown principal' USING ERRCODE = '28000',
      HINT = 'This identity is not mapped to any store scope in app.principals.';
  END IF;
  IF o_role <> 'head_office' THEN
    SELECT coalesce(array_agg(ps.store_id ORDER BY ps.store_id), '{}') INTO v_ids
      FROM app.principal_stores ps WHERE ps.principal_id = p_principal;
  END IF;
  INSERT INTO app.tx_scope (xid, principal_id, role, store_ids, can_write)
    VALUES (pg_current_xact_id(), p_principal, o_role, v_ids, false);
  o_store_ids := coalesce(v_ids, (SELECT coalesce(array_agg(st.store_id ORDER BY st.store_id), '{}') FROM retail.stores st));
END $$;

-- Opens an all-stores, writable scope for migrations, seeding and the embed pipeline (owner only).
CREATE FUNCTION app.open_maintenance_scope() RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, app AS $$
  INSERT INTO app.tx_scope (xid, principal_id, role, store_ids, can_write)
    VALUES (pg_current_xact_id(), 'maintenance', 'maintenance', NULL, true);
$$;

-- What the policies read. STABLE and wrapped as (SELECT ...) in policies, so it runs once per query.
CREATE FUNCTION app.scope_store_ids() RETURNS integer[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, app AS $$
  SELECT CASE WHEN s.store_ids IS NULL
              THEN (SELECT coalesce(array_agg(st.store_id), '{}') FROM retail.stores st)
              ELSE s.store_ids END
    FROM app.tx_scope s
   WHERE s.xid = pg_current_xact_id_if_assigned();
$$;

CREATE FUNCTION app.scope_is_open() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, app AS $$
  SELECT EXISTS (SELECT 1 FROM app.tx_scope s WHERE s.xid = pg_current_xact_id_if_assigned());
$$;

CREATE FUNCTION app.scope_can_write() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, app AS $$
  SELECT coalesce((SELECT s.can_write FROM app.tx_scope s WHERE s.xid = pg_current_xact_id_if_assigned()), false);
$$;

-- The caller's own scope, for the tools (which stores am I allowed to see?).
CREATE FUNCTION app.current_scope(OUT principal_id text, OUT role text, OUT store_ids integer[])
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, app AS $$
  SELECT s.principal_id, s.role, app.scope_store_ids()
    FROM app.tx_scope s WHERE s.xid = pg_current_xact_id_if_assigned();
$$;

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA app FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA app FROM PUBLIC;
GRANT USAGE ON SCHEMA app TO zava_reader;
GRANT EXECUTE ON FUNCTION app.scope_store_ids(), app.scope_is_open(), app.scope_can_write(), app.current_scope()
  TO zava_reader;
