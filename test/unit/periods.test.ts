// The period parser: every form, calendar edges (month ends, leap days, ISO weeks across a year end), the
// comparison periods, and refusals that list the accepted forms.

import { describe, expect, it } from 'vitest';
import { addDays, daysInRange, previousPeriod, resolvePeriod, samePeriodLastYear, utcDate } from '../../src/analytics/periods.js';
import { ValidationError } from '../../src/platform/errors.js';

const at = (iso: string) => new Date(iso);
const NOW = at('2025-06-18T15:30:00Z'); // a Wednesday
const range = (text: string, now = NOW) => {
  const p = resolvePeriod(text, now);
  return `${p.from}..${p.to}`;
};

describe('resolvePeriod: absolute forms', () => {
  it.each([
    ['2024', '2024-01-01..2024-12-31'],
    ['2025-Q1', '2025-01-01..2025-03-31'],
    ['2025-q2', '2025-04-01..2025-06-30'],
    ['2025-Q3', '2025-07-01..2025-09-30'],
    ['2025-Q4', '2025-10-01..2025-12-31'],
    ['2024-02', '2024-02-01..2024-02-29'],
    ['2023-02', '2023-02-01..2023-02-28'],
    ['2025-04', '2025-04-01..2025-04-30'],
    ['2025-12', '2025-12-01..2025-12-31'],
    ['2024-02-29', '2024-02-29..2024-02-29'],
    ['2025-01-31..2025-03-01', '2025-01-31..2025-03-01'],
    [' 2025-01-01 .. 2025-01-01 ', '2025-01-01..2025-01-01'],
  ])('%s -> %s', (text, expected) => {
    expect(range(text)).toBe(expected);
  });

  it('counts days with both ends included', () => {
    expect(resolvePeriod('2024', NOW).days).toBe(366);
    expect(resolvePeriod('2023', NOW).days).toBe(365);
    expect(resolvePeriod('2024-02', NOW).days).toBe(29);
    expect(resolvePeriod('2025-03-01', NOW).days).toBe(1);
    expect(daysInRange({ from: '2024-12-31', to: '2025-01-01' })).toBe(2);
  });

  it('marks calendar units', () => {
    expect(resolvePeriod('2025', NOW).unit).toBe('year');
    expect(resolvePeriod('2025-Q1', NOW).unit).toBe('quarter');
    expect(resolvePeriod('2025-01', NOW).unit).toBe('month');
    expect(resolvePeriod('2025-01-01', NOW).unit).toBeNull();
    expect(resolvePeriod('2025-01-01..2025-01-31', NOW).unit).toBeNull();
  });
});

describe('resolvePeriod: relative forms use the clock, in UTC', () => {
  it.each([
    ['last_7_days', '2025-06-11..2025-06-17'],
    ['last_1_days', '2025-06-17..2025-06-17'],
    ['last_30_days', '2025-05-19..2025-06-17'],
    ['this_week', '2025-06-16..2025-06-22'],
    ['last_week', '2025-06-09..2025-06-15'],
    ['this_month', '2025-06-01..2025-06-30'],
    ['last_month', '2025-05-01..2025-05-31'],
    ['this_quarter', '2025-04-01..2025-06-30'],
    ['last_quarter', '2025-01-01..2025-03-31'],
    ['this_year', '2025-01-01..2025-12-31'],
    ['last_year', '2024-01-01..2024-12-31'],
    ['year_to_date', '2025-01-01..2025-06-18'],
    ['LAST_MONTH', '2025-05-01..2025-05-31'],
  ])('%s on 2025-06-18 -> %s', (text, expected) => {
    expect(range(text)).toBe(expected);
  });

  it('wraps months, quarters and years in January', () => {
    const jan = at('2025-01-01T00:00:00Z');
    expect(range('last_month', jan)).toBe('2024-12-01..2024-12-31');
    expect(range('last_quarter', jan)).toBe('2024-10-01..2024-12-31');
    expect(range('last_7_days', jan)).toBe('2024-12-25..2024-12-31');
    expect(range('year_to_date', jan)).toBe('2025-01-01..2025-01-01');
  });

  it('uses the UTC date, not the local one, just before and after midnight UTC', () => {
    expect(range('last_1_days', at('2025-03-01T23:59:59.999Z'))).toBe('2025-02-28..2025-02-28');
    expect(range('last_1_days', at('2025-03-02T00:00:00Z'))).toBe('2025-03-01..2025-03-01');
    expect(range('last_month', at('2024-03-31T23:00:00-05:00'))).toBe('2024-03-01..2024-03-31'); // = April 1 UTC
  });

  it('takes last_month of March in a leap year to end on February 29', () => {
    expect(range('last_month', at('2024-03-15T12:00:00Z'))).toBe('2024-02-01..2024-02-29');
  });

  it('follows ISO weeks (Monday first) across a year end', () => {
    // 2025-01-01 is a Wednesday: its ISO week 1 runs from Monday 2024-12-30 to Sunday 2025-01-05.
    expect(range('this_week', at('2025-01-01T10:00:00Z'))).toBe('2024-12-30..2025-01-05');
    expect(range('last_week', at('2025-01-01T10:00:00Z'))).toBe('2024-12-23..2024-12-29');
    // A Sunday belongs to the week that started the Monday before.
    expect(range('this_week', at('2025-01-05T23:59:00Z'))).toBe('2024-12-30..2025-01-05');
    // A Monday starts its own week.
    expect(range('this_week', at('2025-01-06T00:00:00Z'))).toBe('2025-01-06..2025-01-12');
    expect(range('last_week', at('2025-01-06T00:00:00Z'))).toBe('2024-12-30..2025-01-05');
  });

  it('spans the leap day in last_N_days', () => {
    expect(range('last_2_days', at('2024-03-01T08:00:00Z'))).toBe('2024-02-28..2024-02-29');
  });
});

describe('comparison periods', () => {
  const prev = (text: string, now = NOW) => {
    const p = previousPeriod(resolvePeriod(text, now));
    return `${p.from}..${p.to}`;
  };
  const lastYear = (text: string, now = NOW) => {
    const p = samePeriodLastYear(resolvePeriod(text, now));
    return `${p.from}..${p.to}`;
  };

  it.each([
    ['2025-03', '2025-02-01..2025-02-28'],
    ['2024-03', '2024-02-01..2024-02-29'],
    ['2025-01', '2024-12-01..2024-12-31'],
    ['2025-05', '2025-04-01..2025-04-30'],
    ['2025-Q1', '2024-10-01..2024-12-31'],
    ['2025-Q3', '2025-04-01..2025-06-30'],
    ['2024', '2023-01-01..2023-12-31'],
    ['last_month', '2025-04-01..2025-04-30'],
    ['this_quarter', '2025-01-01..2025-03-31'],
    ['last_year', '2023-01-01..2023-12-31'],
    ['2025-03-01', '2025-02-28..2025-02-28'],
    ['2024-03-01..2024-03-10', '2024-02-20..2024-02-29'],
    ['last_7_days', '2025-06-04..2025-06-10'],
    ['this_week', '2025-06-09..2025-06-15'],
    ['year_to_date', '2024-07-16..2024-12-31'], // 169 days before 2025-01-01,
  ])('previous of %s is %s', (text, expected) => {
    expect(prev(text)).toBe(expected);
  });

  it('keeps the length of non-calendar periods', () => {
    const p = resolvePeriod('2025-01-15..2025-02-14', NOW);
    expect(daysInRange(previousPeriod(p))).toBe(p.days);
  });

  it.each([
    ['2024-02', '2023-02-01..2023-02-28'],
    ['2025-02', '2024-02-01..2024-02-29'],
    ['2024-02-29', '2023-02-28..2023-02-28'],
    ['2024-02-01..2024-02-29', '2023-02-01..2023-02-28'],
    ['2025-Q1', '2024-01-01..2024-03-31'],
    ['2025', '2024-01-01..2024-12-31'],
    ['this_week', '2024-06-16..2024-06-22'],
    ['year_to_date', '2024-01-01..2024-06-18'],
  ])('same period last year of %s is %s', (text, expected) => {
    expect(lastYear(text)).toBe(expected);
  });
});

describe('refusals', () => {
  it.each([
    '',
    'yesterday',
    '2025-13',
    '2025-00',
    '2025-Q5',
    '2025-Q0',
    '2025-02-29',
    '2024-02-30',
    '2025-04-31',
    '2025-03-10..2025-03-01',
    '2025-01-01..2025-02-30',
    'last_0_days',
    'last_3661_days',
    'last_-5_days',
    'last_days',
    '1899',
    '25-01',
    "2025'; DROP TABLE orders; --",
    '2025-01-01..',
  ])('refuses %j with a validation error listing the accepted forms', (text) => {
    let caught: unknown;
    try {
      resolvePeriod(text, NOW);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    const error = caught as ValidationError;
    expect(error.code).toBe('VALIDATION_ERROR');
    expect(error.message).toContain('YYYY-Qn');
    expect(error.message).toContain('last_N_days');
    expect(error.message).toContain('year_to_date');
    expect(error.nextStep).toBeTruthy();
  });

  it('shortens a long input in the message', () => {
    expect(() => resolvePeriod('x'.repeat(500), NOW)).toThrow(/x{60}\.\.\."/);
  });
});

describe('helpers', () => {
  it('adds days across month and year ends', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(utcDate(at('2025-06-18T23:59:59Z'))).toBe('2025-06-18');
  });
});
