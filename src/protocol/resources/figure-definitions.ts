// How each business figure is computed, one resource per figure (zava://definitions/<name>), so an agent can explain
// a number exactly. The wording follows the sales analytics service's single definitions (src/analytics/sales).

import { defineResource, type ResourceDefinition } from '../define-prompt.js';

export interface FigureDefinition {
  name: string;
  title: string;
  text: string;
}

const LINES =
  'The lines of a period are the order_items of orders whose order_date lies in the period (UTC dates, both ends inclusive), at the selected stores.';

export const FIGURE_DEFINITIONS: readonly FigureDefinition[] = [
  { name: 'period-lines', title: 'Lines of a period', text: LINES },
  {
    name: 'revenue',
    title: 'Revenue',
    text: `Sum of order_items.total_amount over the lines of the period (after discounts), rounded to 2 decimals. ${LINES}`,
  },
  { name: 'orders', title: 'Orders', text: 'Number of distinct orders (order_id) among the lines of the period; never the number of lines.' },
  { name: 'units', title: 'Units', text: 'Sum of order_items.quantity over the lines of the period.' },
  {
    name: 'customers',
    title: 'Customers',
    text: 'Number of distinct customers (orders.customer_id) who placed an order in the period at the selected stores.',
  },
  { name: 'average-order-value', title: 'Average order value', text: 'revenue / orders, rounded to 2 decimals; 0 when there are no orders.' },
  { name: 'units-per-order', title: 'Units per order', text: 'units / orders, rounded to 2 decimals; 0 when there are no orders.' },
  {
    name: 'gross-margin',
    title: 'Gross margin',
    text: 'revenue minus the sum of quantity × products.cost over the lines of the period. gross_margin_percent = gross_margin / revenue × 100, rounded to 2 decimals (0 without revenue).',
  },
  {
    name: 'change-percent',
    title: 'Change percent',
    text: '*_change_percent = (current − previous) / previous × 100, rounded to 2 decimals; null when previous is 0. The previous period is the previous calendar month, quarter or year for those period forms, otherwise the same number of days just before; same_period_last_year shifts both ends back one year (29 February becomes 28 February).',
  },
  {
    name: 'customer-insights',
    title: 'New, returning and repeat customers',
    text: 'new_customers: customers whose first order at the selected stores falls in the period; returning_customers = customers − new_customers; repeat_customers: customers with two or more orders in the period; repeat_rate_percent = repeat_customers / customers × 100; average_spend_per_customer = revenue / customers; average_orders_per_customer = orders / customers.',
  },
  {
    name: 'inventory-alerts',
    title: 'Low stock and overstock',
    text: 'Over the lookback window (lookback_days ending yesterday, UTC): daily_rate = units_sold / lookback_days; days_of_supply = stock_level / daily_rate. Low stock: units_sold > 0 and days_of_supply below the threshold (default 14), fewest days first. Overstock: stock with no sales in the window, or more than 180 days of supply, most stock first.',
  },
  {
    name: 'periods',
    title: 'Period forms',
    text: 'YYYY, YYYY-Qn, YYYY-MM, YYYY-MM-DD, YYYY-MM-DD..YYYY-MM-DD, last_N_days (the N days ending yesterday), this_week, last_week (ISO weeks, Monday first), this_month, last_month, this_quarter, last_quarter, this_year, last_year, year_to_date. All dates UTC, both ends inclusive; every answer echoes the resolved period {from, to}.',
  },
];

/** One resource per figure, zava://definitions/<name>. */
export const FIGURE_DEFINITION_RESOURCES: readonly ResourceDefinition[] = FIGURE_DEFINITIONS.map((figure) =>
  defineResource({
    name: `definition-${figure.name}`,
    uri: `zava://definitions/${figure.name}`,
    title: `Definition: ${figure.title}`,
    description: `How "${figure.title}" is computed by the business tools.`,
    mimeType: 'text/plain',
    read: () => figure.text,
  }),
);
