// Classifies database failures as transient (repeating the whole read transaction may succeed: the connection or
// the server went away, is restarting, or is momentarily full) or not (the caller's query, its timeout, a refusal).
// Knows the shapes thrown by the Neon serverless driver (pg's classes over a WebSocket, ws ErrorEvents), plain
// node-postgres over TCP, Neon's proxy and PgBouncer, and the embedded PGlite host.

import { AppError, DatabaseError } from '../platform/errors.js';

export type TransientReason =
  | 'server-shutdown' // 57P01/57P02/57P05, a restart or pg_terminate_backend
  | 'server-starting' // 57P03, the database cannot accept connections yet
  | 'connection-exception' // class 08
  | 'too-many-connections' // 53300, PgBouncer's pool limits
  | 'compute-waking' // Neon's proxy could not reach the compute (scale to zero, restart)
  | 'serialization' // 40001/40P01: repeat the transaction
  | 'network' // resets, refusals, broken pipes, socket timeouts
  | 'websocket' // the WebSocket to Neon (or the local bridge) failed or closed
  | 'embedded-restart'; // the embedded database's worker was replaced under this call

export interface Classification {
  transient: boolean;
  /** Why it is transient; undefined when it is not. */
  reason?: TransientReason;
}

const NOT_TRANSIENT: Classification = { transient: false };

/** SQLSTATEs after which the same read transaction, repeated on a fresh connection, may succeed. */
const TRANSIENT_SQLSTATES: Record<string, TransientReason> = {
  '57P01': 'server-shutdown', // admin_shutdown: pg_terminate_backend, a fast shutdown, a Neon compute restart
  '57P02': 'server-shutdown', // crash_shutdown: another backend crashed and the server is resetting
  '57P03': 'server-starting', // cannot_connect_now: "the database system is starting up" / in recovery
  '57P05': 'server-shutdown', // idle_session_timeout: a pooled connection the server closed while idle
  '53300': 'too-many-connections', // too_many_connections: a burst, slots free up
  '40001': 'serialization', // serialization_failure
  '40P01': 'serialization', // deadlock_detected
};

/**
 * Class 08 except 08P01 (protocol_violation), which is deterministic for the same messages; PgBouncer reuses 08P01
 * for its own transient refusals, recognised by their text below.
 */
const PGBOUNCER_TRANSIENT =
  /server login has been failing|query_wait_timeout|pgbouncer cannot connect to server|server conn crashed|no more connections allowed/i;

/**
 * Neon's proxy reports its own failures as XX000 with a fixed text ("Couldn't connect to compute node", "Failed to
 * acquire permit to connect to the database", "Console request failed" / "Control plane request failed"), or
 * passes the compute's own error. Quota, disabled or missing endpoints will not heal by retrying.
 */
const NEON_TRANSIENT = /couldn't connect to compute node|failed to acquire permit to connect|(console|control plane) request failed/i;
const NEON_PERMANENT = /quota|exceeded|disabled|cannot be found|not found|limit for current plan|password authentication/i;

/** Node's system error codes for a connection that broke or could not be made (TCP, TLS, DNS retry). */
const TRANSIENT_SYSTEM_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN', // DNS temporarily failing (ENOTFOUND is a wrong host name: not transient)
  'UND_ERR_SOCKET',
]);

/** pg's own messages (also under the Neon driver) when the socket under a client ends or never connects. */
const DRIVER_CONNECTION_MESSAGES = [
  /^Connection terminated unexpectedly$/,
  /^Connection terminated due to connection timeout$/,
  /^Client has encountered a connection error and is not queryable$/,
  /socket hang up/i,
  /^read ECONNRESET$/,
  /server closed the connection unexpectedly/i,
];

/** ws's messages for a WebSocket that could not open or closed early; a 5xx is a gateway in trouble. */
const WEBSOCKET_MESSAGES = [/^WebSocket was closed before the connection was established$/, /^Unexpected server response: 5\d\d$/];

/** The embedded host's message when its worker was replaced while this call waited (a neighbour's timeout). */
const EMBEDDED_RESTART = /^The embedded database was restarted \(/;

interface ErrorShape {
  code?: unknown;
  message?: unknown;
  severity?: unknown;
  cause?: unknown;
  /** ws ErrorEvent: the Neon driver rejects with the event itself, the Error inside. */
  error?: unknown;
  type?: unknown;
  name?: unknown;
}

function isSqlState(code: unknown): code is string {
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !TRANSIENT_SYSTEM_CODES.has(code) && !code.startsWith('E');
}

function classifyOne(error: ErrorShape): Classification | undefined {
  const message = typeof error.message === 'string' ? error.message : '';
  const code = error.code;
  if (typeof code === 'string' && TRANSIENT_SYSTEM_CODES.has(code)) return { transient: true, reason: 'network' };
  if (isSqlState(code)) {
    const known = TRANSIENT_SQLSTATES[code];
    if (known) return { transient: true, reason: known };
    if (code === '08P01') return PGBOUNCER_TRANSIENT.test(message) ? { transient: true, reason: 'too-many-connections' } : NOT_TRANSIENT;
    if (code.startsWith('08')) return { transient: true, reason: 'connection-exception' };
    if (code === 'XX000' && NEON_TRANSIENT.test(message) && !NEON_PERMANENT.test(message)) return { transient: true, reason: 'compute-waking' };
    // Any other SQLSTATE is an answer from a working server (a syntax error, a timeout, a refusal): final.
    return NOT_TRANSIENT;
  }
  if (DRIVER_CONNECTION_MESSAGES.some((m) => m.test(message))) return { transient: true, reason: 'network' };
  if (WEBSOCKET_MESSAGES.some((m) => m.test(message))) return { transient: true, reason: 'websocket' };
  if (EMBEDDED_RESTART.test(message)) return { transient: true, reason: 'embedded-restart' };
  if (PGBOUNCER_TRANSIENT.test(message)) return { transient: true, reason: 'too-many-connections' };
  if (NEON_TRANSIENT.test(message) && !NEON_PERMANENT.test(message)) return { transient: true, reason: 'compute-waking' };
  return undefined;
}

/**
 * Whether a failure is transient. Looks through the app's DatabaseError wrapper to the driver's error, through
 * `cause` chains and into ws ErrorEvents. Every other AppError (SQL guard refusals, validation, timeouts the
 * caller's query caused, busy limiter) is final by construction.
 */
export function classifyDatabaseError(error: unknown): Classification {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth++) {
    if (current instanceof AppError) {
      // Only the generic database wrapper can hide a broken connection; the others are decisions already made.
      if (!(current instanceof DatabaseError)) return NOT_TRANSIENT;
      current = current.cause;
      continue;
    }
    // An aborted or timed-out signal (the request's deadline, the client gone) must end the call, not repeat it.
    const shape = current as ErrorShape;
    if (shape.name === 'AbortError' || shape.name === 'TimeoutError') return NOT_TRANSIENT;
    const verdict = classifyOne(shape);
    if (verdict) return verdict;
    current = shape.error ?? shape.cause;
  }
  return NOT_TRANSIENT;
}

export function isTransientDatabaseError(error: unknown): boolean {
  return classifyDatabaseError(error).transient;
}
