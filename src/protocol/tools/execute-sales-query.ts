// Tool: execute_sales_query — one read-only SELECT in the caller's store scope, with row and byte caps.

import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Limits } from '../../analytics/request-context.js';
import { runSalesQuery } from '../../analytics/sales-query.js';
import { defineTool } from '../define-tool.js';
import { renderRows } from '../render.js';

export const EXECUTE_SALES_QUERY = 'execute_sales_query';

/** The definition follows the configured row limits (MAX_ROWS_DEFAULT, MAX_ROWS_LIMIT), so it never promises more. */
export const executeSalesQueryTool = (limits: Pick<Limits, 'maxRowsDefault' | 'maxRowsLimit'>) =>
  defineTool({
    name: EXECUTE_SALES_QUERY,
    title: 'Run a read-only sales query',
    description: [
      'Runs ONE read-only PostgreSQL SELECT against the Zava Retail sales database and returns the rows.',
      'Use it for any question about sales, orders, customers, products, inventory or stores.',
      'Tables live in schema "retail" (stores, categories, product_types, products, customers, orders, order_items,',
      'inventory, product_description_embeddings); call get_multiple_table_schemas first if you are unsure of columns.',
      'You only ever see the rows of the stores you manage; this is enforced by the database, so never filter by',
      'store to "get permission" and never try to change settings or roles.',
      'Allowed: SELECT with joins, CTEs, window functions, FILTER, GROUPING SETS, percentile_cont, date and string functions.',
      'Refused: writes, DDL, multiple statements, system catalogs, settings functions.',
      'Structured results list the columns once and each row as an array of values in that order.',
      `Limits: results are capped at max_rows rows (default ${limits.maxRowsDefault}, up to ${limits.maxRowsLimit}) and a byte budget; a notice says when`,
      'rows were cut, so aggregate or add a LIMIT. Queries are cancelled after a few seconds.',
    ].join(' '),
    inputSchema: {
      postgresql_query: z.string().min(1).describe('A single PostgreSQL SELECT statement over the retail.* tables.'),
      max_rows: z
        .number()
        .int()
        .min(1)
        .max(limits.maxRowsLimit)
        .optional()
        .describe(`Maximum rows to return (default ${limits.maxRowsDefault}, at most ${limits.maxRowsLimit}).`),
    },
    outputSchema: {
      columns: z.array(z.object({ name: z.string(), type: z.string() })),
      rows: z.array(z.array(z.unknown())).describe('Each row as an array of values in the order of columns.'),
      row_count: z.number().int(),
      truncated: z.boolean(),
      truncation_reason: z.enum(['max_rows', 'max_bytes']).optional(),
      notice: z.string().optional(),
    },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    async run(ctx, args) {
      const { limits } = ctx;
      const maxRows = Math.min(args.max_rows ?? limits.maxRowsDefault, limits.maxRowsLimit);
      ctx.audit.sql_sha256 = createHash('sha256').update(args.postgresql_query).digest('hex').slice(0, 32);
      const outcome = await runSalesQuery(ctx, args.postgresql_query, maxRows, (fingerprint) => {
        ctx.audit.sql_fingerprint = fingerprint;
      });
      const { output, text, bytes } = renderRows(outcome.fields, outcome.rows, {
        truncatedByRows: outcome.truncated,
        maxRows,
        maxBytes: limits.maxResultBytes,
      });
      Object.assign(ctx.audit, { rows: output.row_count, bytes, truncated: output.truncated, round_trips: outcome.roundTrips });
      return { structured: output, text };
    },
  });
