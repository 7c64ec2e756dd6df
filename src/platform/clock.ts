// The one source of "now": injected wherever time matters, so tests pin it and never drift with the calendar.

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock stopped at one instant (tests, benchmarks). */
export function fixedClock(at: Date | string): Clock {
  const instant = new Date(at);
  if (Number.isNaN(instant.getTime())) throw new Error(`fixedClock: invalid date ${String(at)}`);
  return { now: () => new Date(instant) };
}
