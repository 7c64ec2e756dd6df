-- The login the server runs as. It can do exactly two things: open a scope (app.open_scope) and become
-- zava_reader. It is NOINHERIT and holds no table privileges of its own, and it is not a member of the owner, so
-- a caller who gets past the SQL guard and resets the role (set_config('role', 'none', true)) lands on a role that
-- can read nothing, instead of on the owner. The role is created without LOGIN; `npm run db:login` gives it a
-- password and prints the DATABASE_URL for the server. Create it here, by SQL: on Neon, roles created in the
-- console are members of neon_superuser, which the startup self-check refuses.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'zava_app') THEN
    CREATE ROLE zava_app NOLOGIN NOINHERIT NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION;
  END IF;
END $$;
GRANT zava_reader TO zava_app;
GRANT USAGE ON SCHEMA app, retail TO zava_app; -- name lookup only (the self-check resolves retail tables)
GRANT EXECUTE ON FUNCTION app.open_scope(text) TO zava_app;
