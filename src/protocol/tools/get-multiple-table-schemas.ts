// Tool: get_multiple_table_schemas — columns, keys, relationships and lookup values of retail tables.

import { z } from 'zod';
import { describeTables } from '../../data/schema-catalog.js';
import { NotFoundError, ValidationError } from '../../platform/errors.js';
import { defineTool } from '../define-tool.js';

export const getMultipleTableSchemasTool = defineTool({
  name: 'get_multiple_table_schemas',
  title: 'Describe retail tables',
  description: [
    'Returns the schema of one or more tables of the Zava Retail database: columns with types, primary key,',
    'foreign keys (how to join), which tables reference it, and for lookup tables (stores, categories,',
    'product_types) the valid values you can filter on. Call it before writing SQL for execute_sales_query.',
    'Table names: retail.stores, retail.categories, retail.product_types, retail.products, retail.customers,',
    'retail.orders, retail.order_items, retail.inventory, retail.product_description_embeddings',
    '(the "retail." prefix is optional). Store lists show only the stores in your scope.',
  ].join(' '),
  inputSchema: {
    table_names: z.array(z.string().min(1).max(200)).min(1).max(20).describe('Table names, e.g. ["retail.orders", "retail.order_items"].'),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(ctx, args) {
    if (args.table_names.length === 0) throw new ValidationError('table_names must list at least one table.');
    const described = await ctx.withScope(async (scope) => {
      const result = await describeTables(scope, args.table_names);
      ctx.audit.round_trips = scope.roundTrips;
      return result;
    });
    if (described.unknown.length > 0) {
      throw new NotFoundError(`Unknown table${described.unknown.length > 1 ? 's' : ''}: ${described.unknown.join(', ')}.`, {
        nextStep: `Use one of: ${described.allTables.join(', ')}.`,
      });
    }
    ctx.audit.rows = described.tables.length;
    const text = JSON.stringify({ tables: described.tables });
    ctx.audit.bytes = Buffer.byteLength(text);
    return { structured: { tables: described.tables }, text };
  },
});
