// Insights: deterministic rules over a period's figures, at most five short sentences a store manager can act on.
// They name no store (so never another tenant's), only periods, categories and figures.

import { addDays, type DateRange } from '../periods.js';

export interface InsightFigures {
  revenue: number;
  orders: number;
  average_order_value: number;
  gross_margin_percent: number;
}

export interface CategoryRevenue {
  category: string;
  revenue: number;
}

export interface InsightInput {
  period: DateRange;
  /** Today's UTC date (from the request clock). */
  today: string;
  /** First and last order dates at the selected stores (null: no orders at all). */
  dataFrom: string | null;
  dataTo: string | null;
  current: InsightFigures;
  previous: InsightFigures;
  previousRange: DateRange;
  lastYear: InsightFigures;
  revenueChangePercent: number | null;
  lastYearChangePercent: number | null;
  categories: readonly CategoryRevenue[];
  previousCategories: readonly CategoryRevenue[];
}

export const MAX_INSIGHTS = 5;

export function formatMoney(value: number): string {
  const sign = value < 0 ? '-' : '';
  return `${sign}$${Math.abs(value).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** Exact difference of two cent amounts (or 2-decimal percents), in cents. */
function centsDiff(a: number, b: number): number {
  return Math.round(a * 100) - Math.round(b * 100);
}

function earlier(a: string, b: string): string {
  return a < b ? a : b;
}

function direction(change: number): string {
  return change > 0 ? 'up' : 'down';
}

function coverageNote(input: InsightInput): string | undefined {
  const { period, today, dataFrom, dataTo } = input;
  const clauses: string[] = [];
  if (dataFrom === null || period.to < dataFrom)
    clauses.push(dataFrom === null ? 'there are no sales at all yet' : `the period lies before the data, which starts on ${dataFrom}`);
  else if (period.from < dataFrom) clauses.push(`the data starts on ${dataFrom}, so earlier days have no sales`);
  if (period.to > today) clauses.push(`the period runs past today (${today}), so it covers only the days so far`);
  else if (dataTo !== null && dataTo < earlier(period.to, addDays(today, -1))) {
    // Data that ends yesterday is current (today's sales are not in yet); older ends are worth saying.
    clauses.push(`the data ends on ${dataTo}, so later days have no sales`);
  }
  if (clauses.length === 0) return undefined;
  const text = clauses.join('; ');
  return `Note: ${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function growth(label: string, current: number, previous: number, change: number | null): string | undefined {
  if (change === null) return current > 0 ? `No revenue ${label} to compare with.` : undefined;
  if (change === 0) return `Revenue is unchanged ${label} (${formatMoney(current)}).`;
  const sign = change > 0 ? '+' : '-';
  return `Revenue ${sign}${Math.abs(change).toFixed(2)}% ${label}: ${formatMoney(current)} against ${formatMoney(previous)}.`;
}

function categoryMover(input: InsightInput): string | undefined {
  if (input.previous.revenue === 0 || input.current.revenue === 0) return undefined;
  const before = new Map(input.previousCategories.map((c) => [c.category, c.revenue]));
  const names = new Set([...input.categories.map((c) => c.category), ...before.keys()]);
  const now = new Map(input.categories.map((c) => [c.category, c.revenue]));
  let best: { category: string; cents: number } | undefined;
  for (const category of [...names].sort()) {
    const cents = centsDiff(now.get(category) ?? 0, before.get(category) ?? 0);
    if (!best || Math.abs(cents) > Math.abs(best.cents)) best = { category, cents };
  }
  if (!best || best.cents === 0) return undefined;
  const amount = formatMoney(Math.abs(best.cents) / 100);
  return `${best.category} moved revenue most: ${best.cents > 0 ? '+' : '-'}${amount} on the previous period.`;
}

function marginChange(input: InsightInput): string | undefined {
  if (input.current.revenue === 0 || input.previous.revenue === 0) return undefined;
  const points = centsDiff(input.current.gross_margin_percent, input.previous.gross_margin_percent) / 100;
  const now = `Gross margin ${input.current.gross_margin_percent.toFixed(2)}%`;
  if (points === 0) return `${now}, unchanged on the previous period.`;
  return `${now}, ${direction(points)} ${Math.abs(points).toFixed(2)} points on the previous period.`;
}

function orderValueChange(input: InsightInput): string | undefined {
  if (input.current.orders === 0 || input.previous.orders === 0 || input.previous.average_order_value === 0) return undefined;
  const cents = centsDiff(input.current.average_order_value, input.previous.average_order_value);
  const now = `Average order value ${formatMoney(input.current.average_order_value)}`;
  if (cents === 0) return `${now}, unchanged on the previous period.`;
  const percent = ((cents / 100 / input.previous.average_order_value) * 100).toFixed(2);
  return `${now}, ${direction(cents)} ${percent.replace('-', '')}% on the previous period.`;
}

/** The insights, most important first: coverage note, growth, biggest category move, margin, order value. */
export function buildInsights(input: InsightInput): string[] {
  const { previousRange: prev } = input;
  const sentences = [
    coverageNote(input),
    growth(`on the previous period (${prev.from}..${prev.to})`, input.current.revenue, input.previous.revenue, input.revenueChangePercent),
    growth('on the same period last year', input.current.revenue, input.lastYear.revenue, input.lastYearChangePercent),
    categoryMover(input),
    marginChange(input),
    orderValueChange(input),
  ];
  return sentences.filter((s): s is string => s !== undefined).slice(0, MAX_INSIGHTS);
}
