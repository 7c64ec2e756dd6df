// Which summary rows make up a period: whole calendar months from the month rows, every other day from the day
// rows, each day exactly once (month ends, leap years, ranges inside one month, a year end), and the SQL that reads
// them binds every date.

import { describe, expect, it } from 'vitest';
import { addDays, daysInRange } from '../../src/analytics/periods.js';
import { SqlParams } from '../../src/analytics/sales/sales-sql.js';
import { splitByMonth, summaryRows } from '../../src/analytics/sales/summary-sql.js';

describe('splitByMonth', () => {
  it.each([
    ['2025-01-01', '2025-12-31', { from: '2025-01-01', to: '2025-12-01' }, []],
    ['2024-02-01', '2024-02-29', { from: '2024-02-01', to: '2024-02-01' }, []],
    ['2023-02-01', '2023-02-28', { from: '2023-02-01', to: '2023-02-01' }, []],
    ['2024-02-10', '2024-05-20', { from: '2024-03-01', to: '2024-04-01' }, ['2024-02-10..2024-02-29', '2024-05-01..2024-05-20']],
    ['2024-12-15', '2025-01-31', { from: '2025-01-01', to: '2025-01-01' }, ['2024-12-15..2024-12-31']],
    ['2025-01-01', '2025-02-27', { from: '2025-01-01', to: '2025-01-01' }, ['2025-02-01..2025-02-27']],
    ['2025-01-31', '2025-03-01', { from: '2025-02-01', to: '2025-02-01' }, ['2025-01-31..2025-01-31', '2025-03-01..2025-03-01']],
  ])('%s..%s: months %o, days %o', (from, to, months, days) => {
    const parts = splitByMonth({ from, to });
    expect(parts.months).toEqual(months);
    expect(parts.days.map((d) => `${d.from}..${d.to}`)).toEqual(days);
  });

  it.each([
    ['2025-03-02', '2025-03-30'],
    ['2025-03-01', '2025-03-30'],
    ['2025-03-02', '2025-03-31'],
    ['2025-06-18', '2025-06-18'],
    ['2024-12-30', '2025-01-05'],
  ])('%s..%s lies in no whole month: days only', (from, to) => {
    expect(splitByMonth({ from, to })).toEqual({ months: null, days: [{ from, to }] });
  });

  it('covers every day of a range exactly once', () => {
    for (const [from, to] of [
      ['2020-12-02', '2026-12-01'],
      ['2024-01-31', '2024-03-01'],
      ['2023-11-30', '2024-02-29'],
    ] as const) {
      const parts = splitByMonth({ from, to });
      const covered: string[] = [];
      if (parts.months) {
        for (let m = parts.months.from; m <= parts.months.to; m = `${addDays(m, 32).slice(0, 7)}-01`) {
          const end = addDays(`${addDays(m, 32).slice(0, 7)}-01`, -1);
          for (let d = m; d <= end; d = addDays(d, 1)) covered.push(d);
        }
      }
      for (const run of parts.days) for (let d = run.from; d <= run.to; d = addDays(d, 1)) covered.push(d);
      covered.sort();
      expect(covered.length).toBe(daysInRange({ from, to }));
      expect(new Set(covered).size).toBe(covered.length);
      expect([covered[0], covered.at(-1)]).toEqual([from, to]);
    }
  });
});

describe('summaryRows', () => {
  it('reads month rows for whole months and day rows for the edges, every date and period name bound', () => {
    const params = new SqlParams();
    const sql = summaryRows(params, 'product', { current: { from: '2024-02-10', to: '2024-05-20' } });
    expect(sql.match(/FROM retail_summary\.\w+/g)).toEqual([
      'FROM retail_summary.product_months',
      'FROM retail_summary.product_days',
      'FROM retail_summary.product_days',
    ]);
    expect(sql).not.toMatch(/20\d\d-/);
    expect(params.values).toEqual([
      'current',
      '2024-03-01',
      '2024-04-01',
      'current',
      '2024-02-10',
      '2024-02-29',
      'current',
      '2024-05-01',
      '2024-05-20',
    ]);
  });

  it('reads days only for grains without month rows, or when asked to', () => {
    const year = { current: { from: '2025-01-01', to: '2025-12-31' } };
    expect(summaryRows(new SqlParams(), 'store', year)).toMatch(/^SELECT .* FROM retail_summary\.store_days s\s/s);
    expect(summaryRows(new SqlParams(), 'customer', year)).not.toMatch(/UNION/);
    expect(summaryRows(new SqlParams(), 'category', year, { byMonth: false }).match(/FROM retail_summary\.\w+/g)).toEqual([
      'FROM retail_summary.category_days',
    ]);
  });
});
