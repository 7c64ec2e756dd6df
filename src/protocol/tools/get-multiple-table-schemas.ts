// Tool: get_multiple_table_schemas — columns, keys, relationships and lookup values of retail tables.

import { z } from 'zod';
import { describeTablesForCaller } from '../../analytics/table-schemas.js';
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
    const tables = await describeTablesForCaller(ctx, args.table_names, (roundTrips) => {
      ctx.audit.round_trips = roundTrips;
    });
    ctx.audit.rows = tables.length;
    const text = JSON.stringify({ tables });
    ctx.audit.bytes = Buffer.byteLength(text);
    return { structured: { tables }, text };
  },
});
