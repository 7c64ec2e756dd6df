#!/usr/bin/env bash
# Creates a fresh test database on the local PostgreSQL owned by a NON-superuser role (as on Neon), with pgvector
# created once by the superuser (it is not a trusted extension). Prints the TEST_DATABASE_URL to use.
set -euo pipefail
DB=${1:-zava_test}
OWNER=${ZAVA_TEST_OWNER:-zava_owner}
export PGOPTIONS="-c client_min_messages=warning"
PSQL=(psql -X -q -h 127.0.0.1 -p 5432 -U postgres -v ON_ERROR_STOP=1)

if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -n | tail -1)" main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi

"${PSQL[@]}" -d postgres <<SQL >/dev/null
SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${DB}' AND pid <> pg_backend_pid();
DROP DATABASE IF EXISTS ${DB};
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${OWNER}') THEN
    CREATE ROLE ${OWNER} LOGIN CREATEROLE NOSUPERUSER NOBYPASSRLS;
  END IF;
END \$\$;
CREATE DATABASE ${DB} OWNER ${OWNER};
SQL
"${PSQL[@]}" -d "$DB" -c 'CREATE EXTENSION IF NOT EXISTS vector' >/dev/null
echo "postgresql://${OWNER}@127.0.0.1:5432/${DB}"
