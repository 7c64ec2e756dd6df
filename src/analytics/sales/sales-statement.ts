// Runs one analytics statement in the caller's tenant scope: setup, the statement and the rollback in one round
// trip, and hands back its single row with the scope's facts (read only after the statement returned).

import type { ScopeInfo } from '../../data/database.js';
import { DatabaseError } from '../../platform/errors.js';
import type { RequestContext } from '../request-context.js';

export interface StatementOutcome<R> {
  row: R;
  scope: ScopeInfo;
  roundTrips: number;
}

export async function runSalesStatement<R>(ctx: RequestContext, sql: string, params: readonly unknown[]): Promise<StatementOutcome<R>> {
  const { info, result, roundTrips } = await ctx.queryInScope<R>(sql, params);
  const row = result.rows[0];
  if (!row) throw new DatabaseError('The analytics statement returned no row.');
  return { row, scope: info, roundTrips };
}

/** Today's UTC date and the computation time from the request's clock. */
export function clockFacts(ctx: RequestContext): { today: string; computedAt: string } {
  const now = ctx.clock.now();
  return { today: now.toISOString().slice(0, 10), computedAt: now.toISOString() };
}
