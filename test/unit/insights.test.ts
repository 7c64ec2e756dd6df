// Insights rules: growth with sign and percent, the category that moved most, margin points, order value,
// coverage notes (future, before the data), the five-sentence cap, and determinism.

import { describe, expect, it } from 'vitest';
import { buildInsights, formatMoney, type InsightInput, MAX_INSIGHTS } from '../../src/analytics/sales/insights.js';

function input(overrides: Partial<InsightInput> = {}): InsightInput {
  return {
    period: { from: '2025-03-01', to: '2025-03-31' },
    today: '2025-06-01',
    dataFrom: '2020-01-01',
    dataTo: '2025-05-31',
    current: { revenue: 12_000, orders: 100, average_order_value: 120, gross_margin_percent: 40.5 },
    previous: { revenue: 10_000, orders: 90, average_order_value: 111.11, gross_margin_percent: 41.75 },
    previousRange: { from: '2025-02-01', to: '2025-02-28' },
    lastYear: { revenue: 12_500, orders: 110, average_order_value: 113.64, gross_margin_percent: 40 },
    revenueChangePercent: 20,
    lastYearChangePercent: -4,
    categories: [
      { category: 'Power Tools', revenue: 7000 },
      { category: 'Paint', revenue: 5000 },
    ],
    previousCategories: [
      { category: 'Power Tools', revenue: 4000 },
      { category: 'Paint', revenue: 5500 },
      { category: 'Garden', revenue: 500 },
    ],
    ...overrides,
  };
}

describe('buildInsights', () => {
  it('states growth against the previous period and last year with sign and percent', () => {
    const [previous, lastYear] = buildInsights(input());
    expect(previous).toBe('Revenue +20.00% on the previous period (2025-02-01..2025-02-28): $12,000.00 against $10,000.00.');
    expect(lastYear).toBe('Revenue -4.00% on the same period last year: $12,000.00 against $12,500.00.');
  });

  it('names the category that moved revenue most (by absolute change), margin points and order value', () => {
    const lines = buildInsights(input());
    expect(lines[2]).toBe('Power Tools moved revenue most: +$3,000.00 on the previous period.');
    expect(lines[3]).toBe('Gross margin 40.50%, down 1.25 points on the previous period.');
    expect(lines[4]).toBe('Average order value $120.00, up 8.00% on the previous period.');
    expect(lines).toHaveLength(5);
  });

  it('counts a category that disappeared as a move', () => {
    const lines = buildInsights(
      input({
        categories: [{ category: 'Paint', revenue: 12_000 }],
        previousCategories: [
          { category: 'Paint', revenue: 1000 },
          { category: 'Garden', revenue: 9000 },
        ],
      }),
    );
    expect(lines).toContain('Paint moved revenue most: +$11,000.00 on the previous period.');
    const drop = buildInsights(
      input({ categories: [{ category: 'Paint', revenue: 12_000 }], previousCategories: [{ category: 'Garden', revenue: 13_000 }] }),
    );
    expect(drop).toContain('Garden moved revenue most: -$13,000.00 on the previous period.');
  });

  it('puts a note first when the period runs past today, and keeps at most five sentences', () => {
    const lines = buildInsights(input({ period: { from: '2025-06-01', to: '2025-06-30' }, today: '2025-06-10' }));
    expect(lines[0]).toBe('Note: The period runs past today (2025-06-10), so it covers only the days so far.');
    expect(lines).toHaveLength(MAX_INSIGHTS);
    expect(lines.some((l) => l.startsWith('Average order value'))).toBe(false); // the sixth rule drops out
  });

  it('notes a period before the data and one that starts before it', () => {
    const before = buildInsights(
      input({
        period: { from: '2019-01-01', to: '2019-12-31' },
        current: { revenue: 0, orders: 0, average_order_value: 0, gross_margin_percent: 0 },
        previous: { revenue: 0, orders: 0, average_order_value: 0, gross_margin_percent: 0 },
        lastYear: { revenue: 0, orders: 0, average_order_value: 0, gross_margin_percent: 0 },
        revenueChangePercent: null,
        lastYearChangePercent: null,
        categories: [],
        previousCategories: [],
      }),
    );
    expect(before).toEqual(['Note: The period lies before the data, which starts on 2020-01-01.']);
    const straddling = buildInsights(input({ period: { from: '2019-12-01', to: '2020-01-31' } }));
    expect(straddling[0]).toBe('Note: The data starts on 2020-01-01, so earlier days have no sales.');
  });

  it('notes a period past the end of the data (but not in the future)', () => {
    const lines = buildInsights(input({ period: { from: '2025-05-01', to: '2025-05-31' }, today: '2025-07-01', dataTo: '2025-05-20' }));
    expect(lines[0]).toBe('Note: The data ends on 2025-05-20, so later days have no sales.');
    const after = buildInsights(input({ period: { from: '2025-06-01', to: '2025-06-30' }, today: '2025-07-01', dataTo: '2025-05-20' }));
    expect(after[0]).toBe('Note: The data ends on 2025-05-20, so later days have no sales.');
  });

  it('says nothing about data that ends yesterday (current data) for a period up to today', () => {
    const lines = buildInsights(input({ period: { from: '2025-01-01', to: '2025-06-01' }, today: '2025-06-01', dataTo: '2025-05-31' }));
    expect(lines[0]?.startsWith('Note:')).toBe(false);
  });

  it('says there is nothing to compare when the previous period had no revenue, and skips relative rules', () => {
    const lines = buildInsights(
      input({
        previous: { revenue: 0, orders: 0, average_order_value: 0, gross_margin_percent: 0 },
        revenueChangePercent: null,
        previousCategories: [],
      }),
    );
    expect(lines[0]).toBe('No revenue on the previous period (2025-02-01..2025-02-28) to compare with.');
    expect(lines.some((l) => /moved revenue|Gross margin|Average order value/.test(l))).toBe(false);
  });

  it('says unchanged when figures are equal', () => {
    const same = { revenue: 10_000, orders: 90, average_order_value: 111.11, gross_margin_percent: 41.75 };
    const lines = buildInsights(
      input({
        current: same,
        previous: same,
        revenueChangePercent: 0,
        categories: [{ category: 'Paint', revenue: 10_000 }],
        previousCategories: [{ category: 'Paint', revenue: 10_000 }],
      }),
    );
    expect(lines).toContain('Revenue is unchanged on the previous period (2025-02-01..2025-02-28) ($10,000.00).');
    expect(lines).toContain('Gross margin 41.75%, unchanged on the previous period.');
    expect(lines.some((l) => l.includes('moved revenue'))).toBe(false);
  });

  it('is deterministic and names no store', () => {
    const a = buildInsights(input());
    expect(buildInsights(input())).toEqual(a);
    expect(a.join(' ')).not.toMatch(/Zava|Seattle|Bellevue|store/i);
  });

  it('formats money with cents and thousands', () => {
    expect(formatMoney(1234567.5)).toBe('$1,234,567.50');
    expect(formatMoney(-0.05)).toBe('-$0.05');
    expect(formatMoney(0)).toBe('$0.00');
  });
});
