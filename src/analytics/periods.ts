// The one period parser every analytics tool uses: text -> inclusive UTC date range, plus the comparison periods
// (previous period, same period last year). Pure calendar arithmetic on UTC day numbers; "now" comes from the Clock.

import { ValidationError } from '../platform/errors.js';

export interface DateRange {
  /** First day, YYYY-MM-DD, inclusive. */
  from: string;
  /** Last day, YYYY-MM-DD, inclusive. */
  to: string;
}

/** The calendar unit a period is, when it is one: it decides the previous period and the same period last year. */
export type CalendarUnit = 'year' | 'quarter' | 'month';

export interface ResolvedPeriod extends DateRange {
  /** The text as given (trimmed), for messages. */
  input: string;
  unit: CalendarUnit | null;
  /** Number of days in the period, both ends counted. */
  days: number;
}

export const LAST_N_DAYS_MAX = 3660;
const YEAR_MIN = 1900;
const YEAR_MAX = 2999;

export const PERIOD_FORMS =
  'YYYY, YYYY-Qn, YYYY-MM, YYYY-MM-DD, YYYY-MM-DD..YYYY-MM-DD (inclusive), ' +
  `last_N_days (N from 1 to ${LAST_N_DAYS_MAX}, the N days ending yesterday), this_week, last_week (ISO weeks, Monday first), ` +
  'this_month, last_month, this_quarter, last_quarter, this_year, last_year, year_to_date (January 1 to today); all dates UTC';

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 for a UTC calendar date (month 0-based; overflowing days roll over like Date.UTC). */
function dayNumber(year: number, month: number, day: number): number {
  return Date.UTC(year, month, day) / MS_PER_DAY;
}

function isoDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

function parts(day: number): { year: number; month: number; date: number; weekday: number } {
  const d = new Date(day * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth(), date: d.getUTCDate(), weekday: d.getUTCDay() };
}

/** 'YYYY-MM-DD' -> day number, or undefined when it is not a real calendar date. */
function parseDay(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  if (year < YEAR_MIN || year > YEAR_MAX) return undefined;
  const day = dayNumber(year, Number(m[2]) - 1, Number(m[3]));
  return isoDay(day) === text ? day : undefined;
}

/** The UTC calendar date of an instant, YYYY-MM-DD. */
export function utcDate(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** A YYYY-MM-DD date moved by whole days. */
export function addDays(date: string, days: number): string {
  const day = parseDay(date);
  if (day === undefined) throw new Error(`addDays: invalid date ${date}`);
  return isoDay(day + days);
}

export function daysInRange(range: DateRange): number {
  return (parseDay(range.to) ?? 0) - (parseDay(range.from) ?? 0) + 1;
}

function unitRange(unit: CalendarUnit, year: number, index: number): DateRange {
  // index: month 0-11 for months, quarter 0-3 for quarters, ignored for years.
  const firstMonth = unit === 'year' ? 0 : unit === 'quarter' ? index * 3 : index;
  const months = unit === 'year' ? 12 : unit === 'quarter' ? 3 : 1;
  const from = dayNumber(year, firstMonth, 1);
  const to = dayNumber(year, firstMonth + months, 1) - 1;
  return { from: isoDay(from), to: isoDay(to) };
}

function resolved(input: string, range: DateRange, unit: CalendarUnit | null): ResolvedPeriod {
  return { input, from: range.from, to: range.to, unit, days: daysInRange(range) };
}

function invalid(input: string, why: string): ValidationError {
  const shown = input.length > 60 ? `${input.slice(0, 60)}...` : input;
  return new ValidationError(`Invalid period "${shown}": ${why}. Accepted forms: ${PERIOD_FORMS}.`, {
    nextStep: 'Pass period in one of the accepted forms, e.g. "last_month", "2025-Q3" or "2025-01-01..2025-03-31".',
  });
}

/** Parses a period. Relative forms are resolved against `now` (the request's clock), in UTC. */
export function resolvePeriod(text: string, now: Date): ResolvedPeriod {
  const input = text.trim();
  const lower = input.toLowerCase();
  const today = dayNumber(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const t = parts(today);
  const quarter = Math.floor(t.month / 3);

  let m = /^(\d{4})$/.exec(lower);
  if (m) {
    const year = Number(m[1]);
    if (year < YEAR_MIN || year > YEAR_MAX) throw invalid(input, `year out of range ${YEAR_MIN}-${YEAR_MAX}`);
    return resolved(input, unitRange('year', year, 0), 'year');
  }
  m = /^(\d{4})-q(\d)$/.exec(lower);
  if (m) {
    const year = Number(m[1]);
    const q = Number(m[2]);
    if (year < YEAR_MIN || year > YEAR_MAX) throw invalid(input, `year out of range ${YEAR_MIN}-${YEAR_MAX}`);
    if (q < 1 || q > 4) throw invalid(input, 'quarters are Q1 to Q4');
    return resolved(input, unitRange('quarter', year, q - 1), 'quarter');
  }
  m = /^(\d{4})-(\d{2})$/.exec(lower);
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    if (year < YEAR_MIN || year > YEAR_MAX) throw invalid(input, `year out of range ${YEAR_MIN}-${YEAR_MAX}`);
    if (month < 1 || month > 12) throw invalid(input, 'months are 01 to 12');
    return resolved(input, unitRange('month', year, month - 1), 'month');
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(lower)) {
    const day = parseDay(lower);
    if (day === undefined) throw invalid(input, 'not a calendar date');
    return resolved(input, { from: lower, to: lower }, null);
  }
  m = /^(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})$/.exec(lower);
  if (m) {
    const from = parseDay(m[1] as string);
    const to = parseDay(m[2] as string);
    if (from === undefined || to === undefined) throw invalid(input, 'not a calendar date');
    if (from > to) throw invalid(input, 'the range ends before it starts');
    return resolved(input, { from: isoDay(from), to: isoDay(to) }, null);
  }
  m = /^last_(\d{1,6})_days$/.exec(lower);
  if (m) {
    const n = Number(m[1]);
    if (n < 1 || n > LAST_N_DAYS_MAX) throw invalid(input, `N must be between 1 and ${LAST_N_DAYS_MAX}`);
    return resolved(input, { from: isoDay(today - n), to: isoDay(today - 1) }, null);
  }
  // ISO weeks start on Monday: getUTCDay() is 0 for Sunday.
  const monday = today - ((t.weekday + 6) % 7);
  switch (lower) {
    case 'this_week':
      return resolved(input, { from: isoDay(monday), to: isoDay(monday + 6) }, null);
    case 'last_week':
      return resolved(input, { from: isoDay(monday - 7), to: isoDay(monday - 1) }, null);
    case 'this_month':
      return resolved(input, unitRange('month', t.year, t.month), 'month');
    case 'last_month':
      return resolved(input, unitRange('month', t.month === 0 ? t.year - 1 : t.year, (t.month + 11) % 12), 'month');
    case 'this_quarter':
      return resolved(input, unitRange('quarter', t.year, quarter), 'quarter');
    case 'last_quarter':
      return resolved(input, unitRange('quarter', quarter === 0 ? t.year - 1 : t.year, (quarter + 3) % 4), 'quarter');
    case 'this_year':
      return resolved(input, unitRange('year', t.year, 0), 'year');
    case 'last_year':
      return resolved(input, unitRange('year', t.year - 1, 0), 'year');
    case 'year_to_date':
      return resolved(input, { from: isoDay(dayNumber(t.year, 0, 1)), to: isoDay(today) }, null);
    default:
      throw invalid(input, 'unknown form');
  }
}

/** Previous calendar month, quarter or year for those forms; otherwise the same number of days just before. */
export function previousPeriod(period: ResolvedPeriod): DateRange {
  const from = parseDay(period.from) as number;
  if (period.unit) {
    const p = parts(from);
    if (period.unit === 'year') return unitRange('year', p.year - 1, 0);
    if (period.unit === 'quarter') {
      const q = Math.floor(p.month / 3);
      return unitRange('quarter', q === 0 ? p.year - 1 : p.year, (q + 3) % 4);
    }
    return unitRange('month', p.month === 0 ? p.year - 1 : p.year, (p.month + 11) % 12);
  }
  return { from: isoDay(from - period.days), to: isoDay(from - 1) };
}

/** One calendar year earlier, day by day; February 29 becomes February 28. */
function yearEarlier(date: string): string {
  const p = parts(parseDay(date) as number);
  const day = p.month === 1 && p.date === 29 ? 28 : p.date;
  return isoDay(dayNumber(p.year - 1, p.month, day));
}

/** The same calendar unit a year earlier (whole February for a month form), otherwise each end a year earlier. */
export function samePeriodLastYear(period: ResolvedPeriod): DateRange {
  if (period.unit) {
    const p = parts(parseDay(period.from) as number);
    const index = period.unit === 'quarter' ? Math.floor(p.month / 3) : p.month;
    return unitRange(period.unit, p.year - 1, index);
  }
  return { from: yearEarlier(period.from), to: yearEarlier(period.to) };
}
