-- Superuser-only hardening: functions a caller could use to change its role or run SQL the guard never saw; the
-- application needs none of them. The embedded database applies this at creation (src/data/embedded.ts). On a
-- self-managed PostgreSQL a superuser may run it once per database (not possible on Neon, where the runtime login
-- and the cursor-only execution are what hold):
--   psql -U postgres -d <database> -v ON_ERROR_STOP=1 -f sql/hardening/revoke-from-public.sql
-- Side effect: tools that call set_config as a non-superuser (pg_dump run by the owner, for one) need it granted
-- back to that role: GRANT EXECUTE ON FUNCTION pg_catalog.set_config(text, text, boolean) TO <owner>;
REVOKE EXECUTE ON FUNCTION pg_catalog.set_config(text, text, boolean) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.query_to_xml(text, boolean, boolean, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.query_to_xmlschema(text, boolean, boolean, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.query_to_xml_and_xmlschema(text, boolean, boolean, text) FROM PUBLIC;
