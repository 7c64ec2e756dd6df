-- Lets the runtime login see which migrations were applied (readiness: "migrations current") without reading
-- app.schema_migrations itself: the self-check insists the login reads no app table directly. Version names
-- only; SECURITY DEFINER with a fixed search_path, like the other app functions.
CREATE FUNCTION app.applied_migrations() RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, app AS $$
  SELECT version FROM app.schema_migrations ORDER BY version
$$;

REVOKE ALL ON FUNCTION app.applied_migrations() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.applied_migrations() TO zava_app;
