// The tool list the server registers, in the order clients see it. execute_sales_query's description and max_rows
// bound follow the configured limits, hence a function of them (built once per limits). A new tool is one file plus
// one line here.

import type { Limits } from '../../analytics/request-context.js';
import type { AnyToolDefinition } from '../define-tool.js';
import { ANALYTICS_TOOLS } from './analytics-tools.js';
import { executeSalesQueryTool } from './execute-sales-query.js';
import { findSimilarProductsTool } from './find-similar-products.js';
import { getCurrentUtcDateTool } from './get-current-utc-date.js';
import { getMultipleTableSchemasTool } from './get-multiple-table-schemas.js';
import { semanticSearchProductsTool } from './semantic-search-products.js';

// One list per distinct limits (in practice one per process): the tool catalog and its JSON Schemas are keyed by it.
const lists = new Map<string, readonly AnyToolDefinition[]>();

export function toolDefinitions(limits: Pick<Limits, 'maxRowsDefault' | 'maxRowsLimit'>): readonly AnyToolDefinition[] {
  const key = `${limits.maxRowsDefault}/${limits.maxRowsLimit}`;
  let list = lists.get(key);
  if (!list) {
    // Business answers first: one call, exact figures; the SQL tool for everything they do not cover.
    list = Object.freeze([
      ...ANALYTICS_TOOLS,
      executeSalesQueryTool(limits),
      getMultipleTableSchemasTool,
      semanticSearchProductsTool,
      findSimilarProductsTool,
      getCurrentUtcDateTool,
    ]);
    lists.set(key, list);
  }
  return list;
}
