// Free-form analytics SQL in the caller's scope: guard first, then the tenant scope with its row cap.

import type { UntrustedResult } from '../data/database.js';
import { checkReadOnlySql } from '../data/sql-guard/index.js';
import { SqlNotAllowedError, ValidationError } from '../platform/errors.js';
import type { RequestContext } from './request-context.js';

export interface SalesQueryOutcome extends UntrustedResult {
  roundTrips: number;
}

/** `onChecked` receives the guard's fingerprint before the query runs, so a timeout is still attributed to it. */
export async function runSalesQuery(
  ctx: Pick<RequestContext, 'limits' | 'sqlGuard' | 'queryUntrustedInScope'>,
  sql: string,
  maxRows: number,
  onChecked?: (fingerprint: string) => void,
): Promise<SalesQueryOutcome> {
  const limits = ctx.limits;
  if (!Number.isInteger(maxRows) || maxRows < 1 || maxRows > limits.maxRowsLimit) {
    throw new ValidationError(`max_rows must be an integer from 1 to ${limits.maxRowsLimit}.`);
  }
  let fingerprint = 'unchecked';
  let statement = sql;
  if (ctx.sqlGuard === 'on') {
    const verdict = await checkReadOnlySql(sql, { maxQueryLength: limits.maxQueryLength, schemaTool: 'get_multiple_table_schemas' });
    if (!verdict.ok) {
      throw new SqlNotAllowedError(verdict.message, {
        nextStep: 'Rewrite it as one read-only SELECT over the retail tables (CTEs, joins, window functions are fine).',
      });
    }
    fingerprint = verdict.fingerprint;
    statement = verdict.statement; // exactly what the guard checked, without a trailing `; -- comment`
  }
  onChecked?.(fingerprint);
  const { result, roundTrips } = await ctx.queryUntrustedInScope(statement, maxRows);
  return { ...result, roundTrips };
}
