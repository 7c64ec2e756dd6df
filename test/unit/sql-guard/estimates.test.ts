// Unit tests for the guard's series and cost estimates (src/data/sql-guard/estimates.ts, resource-caps.ts):
// interval and time parsing, generate_series row estimates with a pinned "now", and the caps' refusals.

import { describe, expect, it } from 'vitest';
import { constInterval, DAY_MS, estimateSeriesRows, parseInterval, parseTimeLiteral, timePoint } from '../../../src/data/sql-guard/estimates.js';
import { Refusal } from '../../../src/data/sql-guard/refusal.js';
import { checkResourceLimits } from '../../../src/data/sql-guard/resource-caps.js';
import { callArgs, expression } from './parse.js';

const HOUR = 3_600_000;
const DAY_MIN = 23 * HOUR; // a day with a DST change can be 23 or 25 hours long
const DAY_MAX = 25 * HOUR;
const MONTH = { min: 28 * DAY_MS, max: 31 * DAY_MS + HOUR };
const NOW = Date.UTC(2025, 0, 1); // pinned "now" for estimates relative to now()

describe('parseInterval', () => {
  it.each([
    ['1 second', { min: 1000, max: 1000 }],
    ['90 secs', { min: 90_000, max: 90_000 }],
    ['1 hour', { min: HOUR, max: HOUR }],
    ['7 days', { min: 7 * DAY_MIN, max: 7 * DAY_MAX }],
    ['1.5 days', { min: 1.5 * DAY_MIN, max: 1.5 * DAY_MAX }],
    ['1 week', { min: 7 * DAY_MIN, max: 7 * DAY_MAX }],
    ['1 month', MONTH],
    ['2 mons', { min: 2 * MONTH.min, max: 2 * MONTH.max }],
    ['1 quarter', { min: 3 * MONTH.min, max: 3 * MONTH.max }],
    ['1 year', { min: 365 * DAY_MS, max: 366 * DAY_MS + HOUR }],
    ['1 year 2 mons', { min: 365 * DAY_MS + 2 * MONTH.min, max: 366 * DAY_MS + HOUR + 2 * MONTH.max }],
    ['1 MONTH', MONTH],
    ['  3 Hours  ', { min: 3 * HOUR, max: 3 * HOUR }],
    ['01:00:00', { min: HOUR, max: HOUR }],
    ['00:01:30.5', { min: 90_500, max: 90_500 }],
    ['-01:30', { min: -1.5 * HOUR, max: -1.5 * HOUR }],
    ['1 day 02:00', { min: DAY_MIN + 2 * HOUR, max: DAY_MAX + 2 * HOUR }],
    // Negative amounts take the other bound: -1 month is between -(31 days + 1 hour) and -28 days.
    ['-1 month', { min: -MONTH.max, max: -MONTH.min }],
    ['@ 1 day ago', { min: -DAY_MAX, max: -DAY_MIN }],
    ['1 month -30 days', { min: MONTH.min - 30 * DAY_MAX, max: MONTH.max - 30 * DAY_MIN }],
  ])('%j spans %j', (text, span) => {
    expect(parseInterval(text)).toEqual(span);
  });

  it('applies the unit of an interval typmod to a bare number only', () => {
    expect(parseInterval('2', 'hour')).toEqual({ min: 2 * HOUR, max: 2 * HOUR });
    expect(parseInterval('-1.5', 'day')).toEqual({ min: -1.5 * DAY_MAX, max: -1.5 * DAY_MIN });
    expect(parseInterval('2 days', 'hour')).toEqual({ min: 2 * DAY_MIN, max: 2 * DAY_MAX });
  });

  it.each(['', '   ', 'ago', '1 fortnight', 'P1D', 'one day', '1 day and 2 hours', '5', '1 day;'])('%j is not understood', (text) => {
    expect(parseInterval(text)).toBeUndefined();
  });
});

describe('parseTimeLiteral', () => {
  it.each([
    ['2024-01-31', Date.UTC(2024, 0, 31)],
    ['2024-1-5', Date.UTC(2024, 0, 5)],
    ['2024-01-31 10:20', Date.UTC(2024, 0, 31, 10, 20)],
    ['2024-01-31T10:20:30', Date.UTC(2024, 0, 31, 10, 20, 30)],
    ['2024-01-31 10:20:30.75+02', Date.UTC(2024, 0, 31, 10, 20, 30)], // offsets are covered by the day of slack
    ['2024-01-31 10:20:30-05:30', Date.UTC(2024, 0, 31, 10, 20, 30)],
    ['2024-01-31z', Date.UTC(2024, 0, 31)],
  ])('%j is absolute', (text, ms) => {
    expect(parseTimeLiteral(text)).toEqual({ anchor: 'abs', ms, slack: DAY_MS });
  });

  it.each([
    ['now', 0],
    ['Today', 0],
    ['yesterday', -DAY_MS],
    ['TOMORROW', DAY_MS],
  ])('%j is relative to now', (text, ms) => {
    expect(parseTimeLiteral(text)).toEqual({ anchor: 'now', ms, slack: DAY_MS });
  });

  it.each(['31/01/2024', 'epoch', 'infinity', 'Jan 31 2024', '2024-01', '10:20'])('%j is not understood', (text) => {
    expect(parseTimeLiteral(text)).toBeUndefined();
  });
});

describe('constInterval', () => {
  it('reads typed interval literals, with or without a unit typmod', async () => {
    expect(constInterval(await expression("interval '1 day'"), false)).toEqual({ min: DAY_MIN, max: DAY_MAX });
    expect(constInterval(await expression("'1 month'::interval"), false)).toEqual(MONTH);
    expect(constInterval(await expression("interval '2' hour"), false)).toEqual({ min: 2 * HOUR, max: 2 * HOUR });
    expect(constInterval(await expression("interval '3' month"), false)).toEqual({ min: 3 * MONTH.min, max: 3 * MONTH.max });
  });

  it('reads untyped literals only where they may be intervals', async () => {
    expect(constInterval(await expression("'1 day'"), true)).toEqual({ min: DAY_MIN, max: DAY_MAX });
    expect(constInterval(await expression("'1 day'"), false)).toBeUndefined();
  });

  it('refuses typmods it cannot map to one unit, and anything not constant', async () => {
    expect(constInterval(await expression("interval '1' day to hour"), false)).toBeUndefined();
    expect(constInterval(await expression("interval '1 fortnight'"), false)).toBeUndefined();
    expect(constInterval(await expression('step::interval'), false)).toBeUndefined();
    expect(constInterval(await expression('make_interval(days => 1)'), true)).toBeUndefined();
    expect(constInterval(await expression('1'), true)).toBeUndefined();
  });
});

describe('timePoint', () => {
  it.each([
    ['now()', { anchor: 'now', ms: 0, slack: DAY_MS }],
    ['clock_timestamp()', { anchor: 'now', ms: 0, slack: DAY_MS }],
    ['current_date', { anchor: 'now', ms: 0, slack: DAY_MS }],
    ['localtimestamp(3)', { anchor: 'now', ms: 0, slack: DAY_MS }],
    ['current_date - 30', { anchor: 'now', ms: -30 * DAY_MS, slack: DAY_MS }],
    // A literal has a day of slack, its cast one more.
    ["'2024-01-01'::date", { anchor: 'abs', ms: Date.UTC(2024, 0, 1), slack: 2 * DAY_MS }],
    ["timestamptz '2024-01-01 12:00'", { anchor: 'abs', ms: Date.UTC(2024, 0, 1, 12), slack: 2 * DAY_MS }],
    ['make_date(2024, 2, 29)', { anchor: 'abs', ms: Date.UTC(2024, 1, 29), slack: DAY_MS }],
    ["date_trunc('month', now())", { anchor: 'now', ms: 0, slack: DAY_MS + MONTH.max }],
    ["date_trunc('day', now(), 'Europe/Paris')", { anchor: 'now', ms: 0, slack: DAY_MS + DAY_MAX }],
    // ± an interval moves by its middle and widens the slack by half its uncertainty.
    ["now() - interval '1 month'", { anchor: 'now', ms: -(MONTH.min + MONTH.max) / 2, slack: DAY_MS + (MONTH.max - MONTH.min) / 2 }],
    ["interval '1 hour' + now()", { anchor: 'now', ms: HOUR, slack: DAY_MS }],
    ["'2024-01-01'::date + 7", { anchor: 'abs', ms: Date.UTC(2024, 0, 8), slack: 2 * DAY_MS }],
  ])('%s', async (sql, point) => {
    expect(timePoint(await expression(sql))).toEqual(point);
  });

  it.each([
    'now() + x',
    "'2024-01-01'::text",
    'current_user',
    'now(1)',
    "date_trunc('fortnight', now())",
    'make_date(y, 1, 1)',
    "interval '1 day' - now()",
    'now() * 2',
    'order_date',
  ])('%s is not a constant point in time', async (sql) => {
    expect(timePoint(await expression(sql))).toBeUndefined();
  });

  it('gives up on expressions nested more than 20 levels deep', async () => {
    const nested = (n: number) => `now()${" + interval '1 hour'".repeat(n)}`;
    expect(timePoint(await expression(nested(20)))).toEqual({ anchor: 'now', ms: 20 * HOUR, slack: DAY_MS });
    expect(timePoint(await expression(nested(21)))).toBeUndefined();
  });
});

async function estimate(call: string, nowMs = NOW) {
  const { args, variadic } = await callArgs(call);
  return estimateSeriesRows(args, variadic, nowMs);
}

describe('estimateSeriesRows: numbers', () => {
  it.each([
    ['generate_series(1, 100000)', 100_000],
    ['generate_series(1, 10, 3)', 4], // 1, 4, 7, 10
    ['generate_series(10, 1, -1)', 10],
    ['generate_series(1, 10, -1)', 10], // PostgreSQL returns no rows: the estimate is an upper bound
    ['generate_series(0, 1, 0.25)', 5],
    ['generate_series(-5, 5)', 11],
    ['generate_series(7, 7)', 1],
    ['generate_series(1, 10, 1, 2)', 10], // a fourth argument does not change a numeric estimate
  ])('%s: %d rows', async (call, rows) => {
    expect(await estimate(call)).toEqual({ kind: 'rows', rows });
  });

  it('reports an overflowing range as infinitely many rows', async () => {
    expect(await estimate('generate_series(-1e308, 1e308)')).toEqual({ kind: 'rows', rows: Number.POSITIVE_INFINITY });
  });

  it.each([
    'generate_series(1, 10, 0)',
    'generate_series(1, n)',
    'generate_series(1)',
    'generate_series(1, 2, 3, 4, 5)',
    "generate_series(1, 10, interval '1 day')",
    'generate_series(start => 1, stop => 10)',
    'generate_series(VARIADIC ARRAY[1, 2])',
  ])('%s is not constant', async (call) => {
    expect(await estimate(call)).toEqual({ kind: 'not-constant' });
  });
});

describe('estimateSeriesRows: dates and timestamps', () => {
  it('divides the span plus both slacks by the shortest step', async () => {
    // 30 days between the dates, 2 days of slack on each side (literal + cast), steps of at least 23 hours.
    const rows = (30 + 4) * (24 / 23) + 1;
    expect(await estimate("generate_series('2024-01-01'::date, '2024-01-31'::date, interval '1 day')")).toEqual({ kind: 'rows', rows });
    // Untyped literals: one day of slack each, and an untyped step.
    expect(await estimate("generate_series('2024-01-01', '2024-01-31', '1 day')")).toEqual({ kind: 'rows', rows: 32 * (24 / 23) + 1 });
  });

  it('does not depend on "now" when both ends are relative to it', async () => {
    // Start: 1 day back (24 h middle, 1 h of uncertainty + 1 day of slack); stop: now, 1 day of slack.
    const call = "generate_series(now() - interval '1 day', now(), interval '1 hour')";
    expect(await estimate(call, NOW)).toEqual({ kind: 'rows', rows: 24 + 25 + 24 + 1 });
    expect(await estimate(call, NOW + 400 * DAY_MS)).toEqual({ kind: 'rows', rows: 24 + 25 + 24 + 1 });
  });

  it('measures from the given "now" when one end is absolute', async () => {
    const call = "generate_series('2020-01-01'::date, now(), interval '1 day')";
    // 2020-01-01 to 2025-01-01 is 1827 days, plus 2 + 1 days of slack.
    expect(await estimate(call, NOW)).toEqual({ kind: 'rows', rows: 1830 * (24 / 23) + 1 });
    expect(await estimate(call, NOW + 10 * DAY_MS)).toEqual({ kind: 'rows', rows: 1840 * (24 / 23) + 1 });
  });

  it('uses the month bounds for calendar steps', async () => {
    // 12 months back (middle) to now: the span is 12 mid-months plus their uncertainty and the slacks.
    const call = "generate_series(date_trunc('month', now()) - interval '12 months', date_trunc('month', now()), interval '1 month')";
    const slackEach = DAY_MS + MONTH.max;
    const span = (12 * (MONTH.min + MONTH.max)) / 2 + (12 * (MONTH.max - MONTH.min)) / 2 + 2 * slackEach;
    expect(await estimate(call)).toEqual({ kind: 'rows', rows: span / MONTH.min + 1 });
  });

  it('accepts the time zone argument of timestamptz series', async () => {
    const call = "generate_series('2024-01-01'::timestamptz, '2024-01-02'::timestamptz, interval '1 hour', 'Europe/Paris')";
    expect(await estimate(call)).toEqual({ kind: 'rows', rows: 24 + 4 * 24 + 1 });
  });

  it.each([
    "generate_series('2024-01-01'::date, '2024-02-01'::date, interval '1 month -30 days')",
    "generate_series('2024-01-01'::date, '2024-02-01'::date, interval '0 days')",
    "generate_series('2024-01-01'::date, '2024-02-01'::date, interval '00:00')",
  ])('%s has no clear step direction', async (call) => {
    expect(await estimate(call)).toEqual({ kind: 'unclear-step' });
  });

  it.each([
    "generate_series('2024-01-01'::date, '2024-01-02'::date)",
    "generate_series('2024-01-01'::date, order_date, interval '1 day')",
    "generate_series('2024-01-01'::date, '2024-01-02'::date, step)",
    "generate_series('2024-01-01'::date, '2024-01-02'::date, 1)",
    "generate_series('2024-01-01'::date, '2024-01-02'::date, interval '1 fortnight')",
  ])('%s is not constant', async (call) => {
    expect(await estimate(call)).toEqual({ kind: 'not-constant' });
  });
});

/** The refusal message of checkResourceLimits for a call, or undefined when it passes. */
async function capRefusal(call: string): Promise<string | undefined> {
  const { fn, args, variadic } = await callArgs(call);
  try {
    checkResourceLimits(fn, args, variadic);
    return undefined;
  } catch (err) {
    if (!(err instanceof Refusal)) throw err;
    expect(err.code).toBe('SQL_NOT_ALLOWED');
    expect(err.construct).toBe(`function ${fn}`);
    return err.message;
  }
}

describe('checkResourceLimits', () => {
  it.each([
    "repeat('x', 1000)",
    "repeat('x', -1)",
    "lpad('x', 1000, '0')",
    "rpad('x', 999.5)",
    "format('%s %1000s %-1000s', 'a', 'b', 'c')",
    "format('%%')",
    "format('%2$s %1$-20L', 'a', 'b')",
    "format('%s'::text, 1)",
    'generate_series(1, 100000)',
    "generate_series('1900-01-01'::date, '2025-12-31'::date, interval '1 day')", // about 48,000 rows
    "lower('X')",
    'concat(a, b)',
  ])('allows %s', async (call) => {
    expect(await capRefusal(call)).toBeUndefined();
  });

  it.each([
    ["repeat('x', 1001)", 'Function repeat is only allowed with a constant count of at most 1000 (found 1001). Use a smaller constant.'],
    ["repeat('x', n)", 'Function repeat is only allowed with a constant count of at most 1000. Use a smaller constant.'],
    ["repeat(str => 'x', number => 5)", 'Function repeat is only allowed with a constant count of at most 1000. Use a smaller constant.'],
    ["repeat(VARIADIC ARRAY['x'])", 'Function repeat is only allowed with a constant count of at most 1000. Use a smaller constant.'],
    ["lpad('x', 1000.5)", 'Function lpad is only allowed with a constant length of at most 1000 (found 1000.5). Use a smaller constant.'],
    ["rpad('x', 5000, '0')", 'Function rpad is only allowed with a constant length of at most 1000 (found 5000). Use a smaller constant.'],
    ["format('%1001s', 'a')", 'Function format is only allowed with constant field widths of at most 1000 (found %1001). Use a smaller width.'],
    ["format('%-1001s', 'a')", 'Function format is only allowed with constant field widths of at most 1000 (found %-1001). Use a smaller width.'],
    ["format('%*s', 5, 'a')", 'Function format is only allowed with constant field widths of at most 1000 (found %*). Use a smaller width.'],
    ["format('%1$*2$s', 'a', 5)", 'Function format is only allowed with constant field widths of at most 1000 (found %*2$). Use a smaller width.'],
    ['format(fmt, 1)', 'Function format is only allowed with a constant format string. Write the format string as a literal.'],
    ["format(formatstr => '%s')", 'Function format is only allowed with a constant format string. Write the format string as a literal.'],
    [
      'generate_series(1, 100001)',
      'generate_series would produce about 100,001 rows; at most 100,000 are allowed. Narrow the range or use a larger step.',
    ],
    [
      'generate_series(-1e308, 1e308)',
      'generate_series would produce about unbounded rows; at most 100,000 are allowed. Narrow the range or use a larger step.',
    ],
    [
      // 119,068 days + 4 days of slack, in steps of at least 23 hours: 124,250.6 + 1 rows.
      "generate_series('1700-01-01'::date, '2025-12-31'::date, interval '1 day')",
      'generate_series would produce about 124,251 rows; at most 100,000 are allowed. Narrow the range or use a larger step.',
    ],
    [
      'generate_series(1, n)',
      "generate_series is only allowed with constant bounds (numbers, or dates built from literals, CURRENT_DATE/now(), date_trunc and interval offsets) and a constant step such as interval '1 month'. Rewrite the arguments.",
    ],
    [
      "generate_series('2024-01-01'::date, '2024-02-01'::date, interval '1 month -30 days')",
      "generate_series needs a step interval that is clearly positive or negative, such as interval '1 month'.",
    ],
  ])('refuses %s', async (call, message) => {
    expect(await capRefusal(call)).toBe(message);
  });
});
