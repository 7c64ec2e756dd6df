// Calendar arithmetic on whole UTC day numbers, so generated dates never depend on the machine's time zone.

import type { Clock } from '../platform/clock.js';

const MS_PER_DAY = 86_400_000;

/** 'YYYY-MM-DD' -> days since 1970-01-01 (UTC). Rejects impossible dates such as 2021-02-30. */
export function parseIsoDay(text: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) throw new Error(`Expected a date as YYYY-MM-DD, got '${text}'`);
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  const day = ms / MS_PER_DAY;
  if (formatIsoDay(day) !== text) throw new Error(`Not a valid calendar date: '${text}'`);
  return day;
}

/** Days since 1970-01-01 -> 'YYYY-MM-DD'. */
export function formatIsoDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The UTC calendar day before the clock's "now", as YYYY-MM-DD: the default last day of the sample history. */
export function yesterdayUtc(clock: Clock): string {
  return formatIsoDay(Math.floor(clock.now().getTime() / MS_PER_DAY) - 1);
}

/** The same calendar day `years` later (Feb 29 rolls to Mar 1). */
export function addYears(day: number, years: number): number {
  const d = new Date(day * MS_PER_DAY);
  return Date.UTC(d.getUTCFullYear() + years, d.getUTCMonth(), d.getUTCDate()) / MS_PER_DAY;
}

export interface DayInfo {
  year: number;
  /** 0 = January. */
  month: number;
  dayOfMonth: number;
  /** 0 = Sunday. */
  weekday: number;
}

export function dayInfo(day: number): DayInfo {
  const d = new Date(day * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth(), dayOfMonth: d.getUTCDate(), weekday: d.getUTCDay() };
}
