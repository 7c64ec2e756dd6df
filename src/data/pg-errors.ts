// Turns PostgreSQL errors into the app's error hierarchy. Only messages that cannot carry another tenant's data
// (names of tables, columns, functions, syntax) pass through; everything else becomes a generic message.
// Next steps say what to fix, not which tool to use: the data layer knows no tool names.

import { AppError, AuthorizationError, BusyError, DatabaseError, SqlNotAllowedError, TimeoutError } from '../platform/errors.js';
import { classifyDatabaseError } from './transient-errors.js';

/** What the model reads when the database is briefly away (after the server's own retries ran out). */
export const OUTAGE_NEXT_STEP =
  'This is temporary (the database is restarting, waking up or briefly overloaded): retry the same call in about 5 seconds; if it still fails after a minute, report it.';

interface PgErrorLike {
  code?: unknown;
  message?: unknown;
  hint?: unknown;
  position?: unknown;
}

function isPgError(error: unknown): error is PgErrorLike & { code: string; message: string } {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as PgErrorLike).code === 'string' &&
    /^[0-9A-Z]{5}$/.test((error as PgErrorLike).code as string)
  );
}

/** Strips quoted values from a message: a value in an error could in theory come from any row. */
function withoutValues(message: string): string {
  return message.replace(/"[^"]*"/g, '"…"').replace(/'[^']*'/g, "'…'");
}

export function mapDatabaseError(error: unknown, context: { statementTimeoutMs: number }): AppError {
  if (error instanceof AppError) return error;
  const transient = classifyDatabaseError(error);
  if (transient.transient) {
    return new DatabaseError(`The database is temporarily unavailable (${transient.reason}).`, {
      nextStep: OUTAGE_NEXT_STEP,
      retryable: true,
      cause: error,
      ...(isPgError(error) ? { sqlState: error.code } : {}),
    });
  }
  if (!isPgError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    if (/timeout|ECONNRESET|ECONNREFUSED|closed|terminated|WebSocket/i.test(message)) {
      return new DatabaseError('The database connection failed.', {
        nextStep: 'Retry the call in a few seconds; if it keeps failing, check the health endpoint.',
        retryable: true,
        cause: error,
      });
    }
    return new DatabaseError('The database call failed unexpectedly.', { nextStep: 'Retry once; report it if it persists.', cause: error });
  }
  const { code } = error;
  const hint = typeof error.hint === 'string' && error.hint ? ` Hint: ${error.hint}` : '';
  const position = typeof error.position === 'string' && error.position ? ` (at character ${error.position})` : '';
  const options = { sqlState: code, cause: error };

  if (code === '57014') {
    return new TimeoutError(`The query was cancelled after ${context.statementTimeoutMs} ms.`, {
      nextStep: 'Narrow it: filter by date or store, aggregate instead of listing rows, or add a LIMIT.',
      cause: error,
    });
  }
  if (code === '28000') {
    return new AuthorizationError('Your identity is not mapped to any store scope.', {
      nextStep: 'Ask an administrator to add your principal to app.principals and app.principal_stores.',
      cause: error,
    });
  }
  if (code === '25006' || code === '42501') {
    return new SqlNotAllowedError(`Not allowed: ${error.message}.`, {
      nextStep: 'Only reading the retail tables is allowed. Use a SELECT over retail.* tables.',
      cause: error,
    });
  }
  if (code.startsWith('42')) {
    return new DatabaseError(`SQL error: ${error.message}${position}.${hint}`, {
      ...options,
      nextStep: 'Fix the query; check the table and column names against the table schemas.',
    });
  }
  if (code.startsWith('22')) {
    return new DatabaseError(`Data error: ${withoutValues(error.message)}.`, {
      ...options,
      nextStep: 'Check casts, date formats and divisions by zero in the query.',
    });
  }
  if (code.startsWith('53') || code.startsWith('54')) {
    return new BusyError('The query needs more resources than allowed.', {
      nextStep: 'Aggregate or filter to reduce the work, or add a LIMIT.',
      cause: error,
    });
  }
  if (code.startsWith('08') || code === '57P01' || code === '40001' || code === '40P01') {
    return new DatabaseError('The database connection was interrupted.', { ...options, retryable: true, nextStep: 'Retry the call.' });
  }
  return new DatabaseError(`The database refused the query (SQLSTATE ${code}).`, {
    ...options,
    nextStep: 'Simplify the query; if it looks correct, report the SQLSTATE.',
  });
}
