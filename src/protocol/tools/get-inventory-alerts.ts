// Tool: get_inventory_alerts — what is running out (days of supply under a threshold) and what is overstocked.

import { z } from 'zod';
import { utcDate } from '../../analytics/periods.js';
import { getInventoryAlerts, INVENTORY_DEFAULTS, type InventoryOutcome, OVERSTOCK_DAYS_OF_SUPPLY } from '../../analytics/sales/inventory-alerts.js';
import { defineTool } from '../define-tool.js';
import { dateRangeOutput, describeStores, READ_ONLY_ANNOTATIONS, storeInput, storeKey } from './analytics-tool-parts.js';

const alert = z.object({
  store_id: z.number().int(),
  store_name: z.string(),
  product_id: z.number().int(),
  sku: z.string(),
  product_name: z.string(),
  stock_level: z.number().int(),
  units_sold: z.number().int().describe('units sold in the lookback window'),
  daily_rate: z.number().describe('units_sold / lookback_days, 2 decimals'),
  days_of_supply: z.number().nullable().describe('stock_level / daily rate, 2 decimals; null when nothing sold'),
});

function render(o: InventoryOutcome): string {
  const r = o.result;
  const lines = [
    `Inventory alerts as of ${r.as_of} for ${describeStores(o.stores)}, sales ${r.lookback.from}..${r.lookback.to}:`,
    `Low stock (under ${r.days_of_supply_threshold} days of supply): ${o.totals.lowStock}${o.totals.lowStock > r.low_stock.length ? `, showing ${r.low_stock.length}` : ''}`,
  ];
  const item = (a: (typeof r.low_stock)[number]) =>
    `${a.store_name.replace(/^Zava Retail /, '')}\t${a.sku}\t${a.product_name}\tstock ${a.stock_level}\tsold ${a.units_sold}\t${a.days_of_supply ?? '-'} days`;
  const budget = (list: typeof r.low_stock, max: number) => list.slice(0, max).map(item);
  lines.push(...budget(r.low_stock, 8));
  lines.push(
    `Overstock (no sales in the window, or over ${OVERSTOCK_DAYS_OF_SUPPLY} days of supply): ${o.totals.overstock}${o.totals.overstock > r.overstock.length ? `, showing ${r.overstock.length}` : ''}`,
  );
  lines.push(...budget(r.overstock, 5));
  if (r.low_stock.length > 8 || r.overstock.length > 5) lines.push('Full lists in structuredContent.');
  return lines.join('\n');
}

export const getInventoryAlertsTool = defineTool({
  name: 'get_inventory_alerts',
  title: 'Inventory alerts: low stock and overstock',
  description: [
    'What is running out and what is not selling, at your stores (or one of them), as of today (UTC). The sales rate',
    'is units sold over the lookback_days ending yesterday (default 28). low_stock: products that sold and whose',
    `stock lasts fewer than days_of_supply_threshold days (default ${INVENTORY_DEFAULTS.daysOfSupplyThreshold}) at that rate, fewest days first.`,
    `overstock: stock with no sales in the window or more than ${OVERSTOCK_DAYS_OF_SUPPLY} days of supply, most stock first.`,
    `Each list holds at most limit rows (default ${INVENTORY_DEFAULTS.limit}). Use get_top_products for what sells best.`,
  ].join(' '),
  inputSchema: {
    store: storeInput,
    days_of_supply_threshold: z
      .number()
      .positive()
      .max(365)
      .optional()
      .describe(`Low stock below this many days of supply (default ${INVENTORY_DEFAULTS.daysOfSupplyThreshold}).`),
    lookback_days: z
      .number()
      .int()
      .min(1)
      .max(365)
      .optional()
      .describe(`Days of sales (ending yesterday) that set the rate (default ${INVENTORY_DEFAULTS.lookbackDays}).`),
    limit: z.number().int().min(1).max(200).optional().describe(`Rows per list (default ${INVENTORY_DEFAULTS.limit}).`),
  },
  outputSchema: {
    as_of: z.string().describe("today's UTC date"),
    computed_at: z.string().describe('ISO time the figures were computed'),
    lookback: dateRangeOutput,
    days_of_supply_threshold: z.number(),
    limit: z.number().int(),
    low_stock: z.array(alert),
    overstock: z.array(alert),
  },
  annotations: READ_ONLY_ANNOTATIONS,
  cache: {
    key: (ctx, args) => ({
      as_of: utcDate(ctx.clock.now()),
      store: storeKey(args.store),
      days_of_supply_threshold: args.days_of_supply_threshold ?? INVENTORY_DEFAULTS.daysOfSupplyThreshold,
      lookback_days: args.lookback_days ?? INVENTORY_DEFAULTS.lookbackDays,
      limit: args.limit ?? INVENTORY_DEFAULTS.limit,
    }),
  },
  async run(ctx, args) {
    const outcome = await getInventoryAlerts(ctx, {
      store: args.store,
      daysOfSupplyThreshold: args.days_of_supply_threshold ?? INVENTORY_DEFAULTS.daysOfSupplyThreshold,
      lookbackDays: args.lookback_days ?? INVENTORY_DEFAULTS.lookbackDays,
      limit: args.limit ?? INVENTORY_DEFAULTS.limit,
    });
    ctx.audit.round_trips = outcome.roundTrips;
    return { structured: outcome.result, text: render(outcome) };
  },
});
