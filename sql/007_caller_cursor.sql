-- Runs the caller's (guard-checked) SELECT as a cursor opened from a parameter, so its text never becomes the
-- text of a top-level statement: pg_stat_activity, which every login can read for its own sessions, then shows
-- only "SELECT app.open_caller_cursor($1, $2)" and "FETCH ALL FROM caller_query", never another tenant's SQL.
-- SECURITY INVOKER and no search_path of its own: the query runs exactly as if the caller had sent it. OPEN FOR
-- EXECUTE accepts a single SELECT only, so text that closes the parenthesis cannot start a second statement.
CREATE FUNCTION app.open_caller_cursor(p_sql text, p_limit integer) RETURNS void
LANGUAGE plpgsql SECURITY INVOKER AS $$
DECLARE
  c refcursor := 'caller_query';
BEGIN
  IF p_limit IS NULL OR p_limit < 1 THEN
    RAISE EXCEPTION 'limit must be positive' USING ERRCODE = '22023';
  END IF;
  OPEN c NO SCROLL FOR EXECUTE
    E'SELECT * FROM (\n' || p_sql || E'\n) AS caller_query LIMIT ' || p_limit;
END $$;

REVOKE ALL ON FUNCTION app.open_caller_cursor(text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.open_caller_cursor(text, integer) TO zava_reader;
