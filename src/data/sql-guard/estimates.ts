// Row estimates for generate_series from its constant arguments: numbers, or points in time built from literals,
// now()/CURRENT_DATE, date_trunc, make_date and constant interval offsets, with a constant step. Pure: "now"
// is a parameter, and anything not recognised as constant is reported as such (the caller refuses it).

import { constNumber, constString, hasNamedArgs } from './constant-eval.js';
import { asList, isObj, nameList, typeBase, unwrap } from './tree.js';

export const DAY_MS = 86_400_000;

/** A point in time: absolute (ms since epoch) or relative to now, with an uncertainty in ms. */
export interface TimePoint {
  anchor: 'now' | 'abs';
  ms: number;
  slack: number;
}

/** A constant interval: the smallest and largest duration it can stand for (months and years vary). */
export interface Span {
  min: number;
  max: number;
}

const INTERVAL_UNITS: Readonly<Record<string, Span>> = (() => {
  const second = 1000;
  const minute = 60 * second;
  const hour = 60 * minute;
  const day: Span = { min: 23 * hour, max: 25 * hour }; // DST days with timestamptz
  const month: Span = { min: 28 * DAY_MS, max: 31 * DAY_MS + hour };
  const year: Span = { min: 365 * DAY_MS, max: 366 * DAY_MS + hour };
  const table: Record<string, Span> = {};
  const add = (span: Span, ...names: string[]): void => {
    for (const n of names) table[n] = span;
  };
  add({ min: 0.001, max: 0.001 }, 'microsecond', 'microseconds', 'us', 'usec', 'usecs');
  add({ min: 1, max: 1 }, 'millisecond', 'milliseconds', 'ms', 'msec', 'msecs');
  add({ min: second, max: second }, 'second', 'seconds', 's', 'sec', 'secs');
  add({ min: minute, max: minute }, 'minute', 'minutes', 'm', 'min', 'mins');
  add({ min: hour, max: hour }, 'hour', 'hours', 'h', 'hr', 'hrs');
  add(day, 'day', 'days', 'd');
  add({ min: 7 * day.min, max: 7 * day.max }, 'week', 'weeks', 'w');
  add(month, 'month', 'months', 'mon', 'mons');
  add({ min: 3 * month.min, max: 3 * month.max }, 'quarter', 'quarters');
  add(year, 'year', 'years', 'y', 'yr', 'yrs');
  add({ min: 10 * year.min, max: 10 * year.max }, 'decade', 'decades');
  add({ min: 100 * year.min, max: 100 * year.max }, 'century', 'centuries');
  add({ min: 1000 * year.min, max: 1000 * year.max }, 'millennium', 'millennia', 'millenniums');
  return table;
})();

/** interval typmod masks for `interval '1' day` style literals (1 << MONTH/YEAR/DAY/HOUR/MINUTE/SECOND). */
const INTERVAL_TYPMOD_UNITS: Readonly<Record<number, string>> = { 2: 'month', 4: 'year', 8: 'day', 1024: 'hour', 2048: 'minute', 4096: 'second' };

/** Parses the common interval spellings ('1 month', '7 days', '1 year 2 mons', '01:00:00', '@ 1 day ago'). */
export function parseInterval(text: string, unitFromTypmod?: string): Span | undefined {
  let s = text.trim().toLowerCase();
  if (unitFromTypmod && /^[+-]?\d+(\.\d+)?$/.test(s)) s = `${s} ${unitFromTypmod}`;
  if (s.startsWith('@')) s = s.slice(1).trim();
  let sign = 1;
  if (s.endsWith(' ago')) {
    sign = -1;
    s = s.slice(0, -4).trim();
  }
  if (s === '') return undefined;
  let min = 0;
  let max = 0;
  let rest = s;
  const part = /^([+-]?\d+(?:\.\d+)?)\s*([a-z]+)\s*|^([+-]?)(\d{1,9}):(\d{1,2})(?::(\d{1,2}(?:\.\d+)?))?\s*/;
  while (rest.length > 0) {
    const m = part.exec(rest);
    if (!m) return undefined;
    if (m[2] !== undefined) {
      const unit = INTERVAL_UNITS[m[2]];
      if (!unit) return undefined;
      const n = Number(m[1]);
      min += n * (n >= 0 ? unit.min : unit.max);
      max += n * (n >= 0 ? unit.max : unit.min);
    } else {
      const neg = m[3] === '-' ? -1 : 1;
      const ms = (Number(m[4]) * 3600 + Number(m[5]) * 60 + Number(m[6] ?? 0)) * 1000 * neg;
      min += ms;
      max += ms;
    }
    rest = rest.slice(m[0].length);
  }
  return sign === 1 ? { min, max } : { min: -max, max: -min };
}

/** A constant interval expression: interval 'x', 'x'::interval, an untyped literal, or a numeric constant of days. */
export function constInterval(n: unknown, allowUntyped: boolean): Span | undefined {
  const u = unwrap(n);
  if (!u) return undefined;
  const [type, b] = u;
  if (type === 'A_Const' && allowUntyped && isObj(b.sval) && typeof b.sval.sval === 'string') return parseInterval(b.sval.sval);
  if (type === 'TypeCast' && typeBase(b.typeName) === 'interval') {
    const text = constString(b.arg);
    if (text === undefined) return undefined;
    let unit: string | undefined;
    const typmods = isObj(b.typeName) ? asList(b.typeName.typmods, 'TypeName.typmods') : [];
    if (typmods.length > 0) {
      const mask = constNumber(typmods[0]);
      unit = mask === undefined ? undefined : INTERVAL_TYPMOD_UNITS[mask];
      if (unit === undefined) return undefined;
    }
    return parseInterval(text, unit);
  }
  return undefined;
}

const TIME_TYPES = new Set(['date', 'timestamp', 'timestamptz']);
const NOW_FUNCTIONS = new Set(['now', 'clock_timestamp', 'statement_timestamp', 'transaction_timestamp']);
const NOW_SVF = new Set([
  'SVFOP_CURRENT_DATE',
  'SVFOP_CURRENT_TIMESTAMP',
  'SVFOP_CURRENT_TIMESTAMP_N',
  'SVFOP_LOCALTIMESTAMP',
  'SVFOP_LOCALTIMESTAMP_N',
]);

/** Date and timestamp literals ('2024-01-31', '2024-01-31 10:00+02', 'today', ...), with a day of slack. */
export function parseTimeLiteral(text: string): TimePoint | undefined {
  const s = text.trim().toLowerCase();
  if (s === 'now' || s === 'today') return { anchor: 'now', ms: 0, slack: DAY_MS };
  if (s === 'yesterday') return { anchor: 'now', ms: -DAY_MS, slack: DAY_MS };
  if (s === 'tomorrow') return { anchor: 'now', ms: DAY_MS, slack: DAY_MS };
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(?:z|[+-]\d{1,2}(?::?\d{2})?)?$/.exec(s);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
  if (!Number.isFinite(ms)) return undefined;
  return { anchor: 'abs', ms, slack: DAY_MS }; // a day of slack covers any time zone offset
}

/** Estimates a date/timestamp expression built from literals, now()/CURRENT_DATE, date_trunc, casts and ± intervals. */
export function timePoint(n: unknown, depth = 0): TimePoint | undefined {
  if (depth > 20) return undefined;
  const u = unwrap(n);
  if (!u) return undefined;
  const [type, b] = u;
  switch (type) {
    case 'A_Const':
      return isObj(b.sval) && typeof b.sval.sval === 'string' ? parseTimeLiteral(b.sval.sval) : undefined;
    case 'TypeCast': {
      if (!TIME_TYPES.has(typeBase(b.typeName) ?? '')) return undefined;
      const inner = timePoint(b.arg, depth + 1);
      return inner && { ...inner, slack: inner.slack + DAY_MS };
    }
    case 'SQLValueFunction':
      return typeof b.op === 'string' && NOW_SVF.has(b.op) ? { anchor: 'now', ms: 0, slack: DAY_MS } : undefined;
    case 'FuncCall': {
      const names = nameList(b.funcname);
      const fn = names?.[names.length - 1];
      const args = asList(b.args, 'FuncCall.args');
      if (fn && NOW_FUNCTIONS.has(fn) && args.length === 0) return { anchor: 'now', ms: 0, slack: DAY_MS };
      if (fn === 'date_trunc' && (args.length === 2 || args.length === 3)) {
        const unitName = constString(args[0])?.toLowerCase();
        const unit = unitName === undefined ? undefined : INTERVAL_UNITS[unitName];
        const inner = timePoint(args[1], depth + 1);
        return unit && inner && { ...inner, slack: inner.slack + unit.max };
      }
      if (fn === 'make_date' && args.length === 3) {
        const [y, mo, d] = args.map(constNumber);
        if (y === undefined || mo === undefined || d === undefined) return undefined;
        const ms = Date.UTC(y, mo - 1, d);
        return Number.isFinite(ms) ? { anchor: 'abs', ms, slack: DAY_MS } : undefined;
      }
      return undefined;
    }
    case 'A_Expr': {
      const op = nameList(b.name);
      if (b.kind !== 'AEXPR_OP' || !op || op.length !== 1 || (op[0] !== '+' && op[0] !== '-')) return undefined;
      const shift = (p: TimePoint, span: Span, sign: 1 | -1): TimePoint => ({
        anchor: p.anchor,
        ms: p.ms + (sign * (span.min + span.max)) / 2,
        slack: p.slack + Math.abs(span.max - span.min) / 2,
      });
      const days = (x: unknown): Span | undefined => {
        const v = constNumber(x);
        return v === undefined ? undefined : { min: v * DAY_MS, max: v * DAY_MS };
      };
      const left = timePoint(b.lexpr, depth + 1);
      if (left) {
        const span = constInterval(b.rexpr, false) ?? days(b.rexpr);
        return span && shift(left, span, op[0] === '+' ? 1 : -1);
      }
      if (op[0] === '+') {
        const right = timePoint(b.rexpr, depth + 1);
        const span = constInterval(b.lexpr, false) ?? days(b.lexpr);
        return right && span && shift(right, span, 1);
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/**
 * What generate_series(args) would produce at most: a row count (possibly Infinity), 'not-constant' when its
 * arguments are not constants the estimate understands, or 'unclear-step' for a step interval whose sign depends
 * on the calendar (interval '1 month -30 days').
 */
export type SeriesEstimate = { kind: 'rows'; rows: number } | { kind: 'not-constant' } | { kind: 'unclear-step' };

export function estimateSeriesRows(args: unknown[], variadic: boolean, nowMs: number): SeriesEstimate {
  if (variadic || hasNamedArgs(args) || args.length < 2 || args.length > 4) return { kind: 'not-constant' };

  const [startArg, stopArg, stepArg] = args;
  const start = constNumber(startArg);
  const stop = constNumber(stopArg);
  if (start !== undefined && stop !== undefined) {
    const step = stepArg === undefined ? 1 : constNumber(stepArg);
    if (step === undefined || step === 0) return { kind: 'not-constant' };
    return { kind: 'rows', rows: Math.floor(Math.abs(stop - start) / Math.abs(step)) + 1 };
  }
  const a = timePoint(startArg);
  const b = timePoint(stopArg);
  const step = stepArg === undefined ? undefined : constInterval(stepArg, true);
  if (!a || !b || !step) return { kind: 'not-constant' };
  if (step.min <= 0 !== step.max <= 0 || step.min === 0 || step.max === 0) return { kind: 'unclear-step' };
  const at = (p: TimePoint): number => (p.anchor === 'now' ? nowMs + p.ms : p.ms);
  const span = Math.abs(at(b) - at(a)) + a.slack + b.slack;
  return { kind: 'rows', rows: span / Math.min(Math.abs(step.min), Math.abs(step.max)) + 1 };
}
