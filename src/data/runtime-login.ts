// The runtime login (sql/006_runtime_login.sql): what the server connects as in production. Enabling it needs the
// owner's connection (CREATEROLE); the result is the DATABASE_URL for the server.

import { randomBytes } from 'node:crypto';
import type { Pool } from '@neondatabase/serverless';
import { ConfigurationError } from '../platform/errors.js';
import { quoteLiteral } from './sql-literal.js';

export const RUNTIME_LOGIN = 'zava_app';

/** A password with 192 bits of entropy, URL-safe (it goes into a connection string). */
export function generatePassword(): string {
  return randomBytes(24).toString('base64url');
}

/** Gives the runtime login LOGIN and a password (run as the owner, after the migrations). */
export async function enableRuntimeLogin(pool: Pool, password: string): Promise<void> {
  const exists = await pool.query('SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = $1', [RUNTIME_LOGIN]);
  if (exists.rowCount === 0) {
    throw new ConfigurationError(`Role ${RUNTIME_LOGIN} does not exist yet.`, { nextStep: 'Run npm run db:migrate first.' });
  }
  // ALTER ROLE takes no parameters; the password is generated (or checked) and quoted as a literal.
  await pool.query(`ALTER ROLE ${RUNTIME_LOGIN} LOGIN PASSWORD ${quoteLiteral(password)}`);
}

/** The owner's URL with the runtime login's user name and password: the server's DATABASE_URL. */
export function runtimeLoginUrl(ownerUrl: string, password: string): string {
  const url = new URL(ownerUrl);
  url.username = RUNTIME_LOGIN;
  url.password = password;
  return url.toString();
}
