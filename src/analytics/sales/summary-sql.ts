// Reading the sales summaries (sql/009_sales_summaries.sql): which summary rows make up a period, as SQL over bound
// dates. A period is read from whole calendar months where it covers them (categories and products have month rows)
// and from days elsewhere, so a year is 12 rows per store and product instead of 365.

import { addDays, type DateRange } from '../periods.js';
import type { SqlParams } from './sales-sql.js';

export interface PeriodParts {
  /** First days of the whole months inside the range (from..to both month starts), or null when there is none. */
  months: DateRange | null;
  /** The days of the range outside those months (at most two runs). */
  days: DateRange[];
}

/** The whole calendar months inside a range and the days outside them. */
export function splitByMonth(range: DateRange): PeriodParts {
  const firstFull = range.from.endsWith('-01') ? range.from : `${addDays(`${range.from.slice(0, 7)}-01`, 32).slice(0, 7)}-01`;
  const afterTo = addDays(range.to, 1);
  // The last whole month ends on range.to when the day after it starts a month.
  const lastFullStart = afterTo.endsWith('-01') ? `${range.to.slice(0, 7)}-01` : `${addDays(`${range.to.slice(0, 7)}-01`, -1).slice(0, 7)}-01`;
  if (firstFull > lastFullStart) return { months: null, days: [range] };
  const days: DateRange[] = [];
  if (range.from < firstFull) days.push({ from: range.from, to: addDays(firstFull, -1) });
  const lastFullEnd = addDays(`${addDays(lastFullStart, 32).slice(0, 7)}-01`, -1);
  if (lastFullEnd < range.to) days.push({ from: addDays(lastFullEnd, 1), to: range.to });
  return { months: { from: firstFull, to: lastFullStart }, days };
}

export type Grain = 'store' | 'category' | 'product' | 'customer';

/** Each grain's tables and the columns beside store_id and the date. Constant text: no argument reaches it. */
const GRAINS: Record<Grain, { days: string; months?: string; columns: readonly string[] }> = {
  store: { days: 'retail_summary.store_days', columns: ['orders', 'units', 'revenue', 'line_cost'] },
  category: {
    days: 'retail_summary.category_days',
    months: 'retail_summary.category_months',
    columns: ['category_id', 'orders', 'units', 'revenue', 'line_cost'],
  },
  product: {
    days: 'retail_summary.product_days',
    months: 'retail_summary.product_months',
    columns: ['product_id', 'units', 'revenue', 'line_cost'],
  },
  customer: { days: 'retail_summary.customer_days', columns: ['customer_id', 'orders'] },
};

/**
 * A SELECT (UNION ALL of parts) of the summary rows of the named periods at the selected stores (the
 * `selected_stores` CTE of storeCtes). Columns: period, day (the row's date, or its month's first day), store_id
 * and the grain's columns. `byMonth: false` reads days only (day and week buckets cannot use month rows).
 */
export function summaryRows(params: SqlParams, grain: Grain, periods: Record<string, DateRange>, options: { byMonth?: boolean } = {}): string {
  const spec = GRAINS[grain];
  const columns = spec.columns.map((c) => `s.${c}`).join(', ');
  const parts: string[] = [];
  const select = (name: string, table: string, dateColumn: string, range: DateRange) =>
    `SELECT ${params.add(name, 'text')} AS period, s.${dateColumn} AS day, s.store_id, ${columns} FROM ${table} s
     WHERE s.store_id IN (SELECT store_id FROM selected_stores) AND s.${dateColumn} BETWEEN ${params.add(range.from, 'date')} AND ${params.add(range.to, 'date')}`;
  for (const [name, range] of Object.entries(periods)) {
    const split = spec.months && options.byMonth !== false ? splitByMonth(range) : { months: null, days: [range] };
    if (split.months && spec.months) parts.push(select(name, spec.months, 'month', split.months));
    for (const days of split.days) parts.push(select(name, spec.days, 'order_date', days));
  }
  return parts.join('\n    UNION ALL\n    ');
}
