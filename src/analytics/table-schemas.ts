// Table descriptions for the caller: columns, keys, relationships and lookup values, read in their scope (so store
// lists show only their stores). Unknown names are an error that lists the valid ones.

import { describeTables, type TableSchema } from '../data/schema-catalog.js';
import { NotFoundError, ValidationError } from '../platform/errors.js';
import type { RequestContext } from './request-context.js';

export async function describeTablesForCaller(
  ctx: Pick<RequestContext, 'withScope'>,
  tableNames: readonly string[],
  /** Told the scope's round trips before an unknown name fails the call, so the audit still counts them. */
  onRoundTrips?: (roundTrips: number) => void,
): Promise<TableSchema[]> {
  if (tableNames.length === 0) throw new ValidationError('table_names must list at least one table.');
  const described = await ctx.withScope(async (scope) => {
    const result = await describeTables(scope, tableNames);
    onRoundTrips?.(scope.roundTrips);
    return result;
  });
  if (described.unknown.length > 0) {
    throw new NotFoundError(`Unknown table${described.unknown.length > 1 ? 's' : ''}: ${described.unknown.join(', ')}.`, {
      nextStep: `Use one of: ${described.allTables.join(', ')}.`,
    });
  }
  return described.tables;
}
