// Shared resilience policies on cockatiel: retry (exponential backoff with full jitter, retry-after, a total
// deadline, abortable) and a circuit breaker (consecutive or sampled failures, half-open probes).

import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  type IBackoff,
  type IRetryBackoffContext,
  SamplingBreaker,
  circuitBreaker,
  handleWhen,
  retry as cockatielRetry,
} from 'cockatiel';

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** A timer that rejects with the signal's reason when aborted (cockatiel's own delay can be neither aborted nor faked). */
export const defaultSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export interface RetryEventInfo {
  /** 1 for the first retry. */
  retry: number;
  delayMs: number;
  /** The failure being retried. */
  error: unknown;
}

export interface RetryOptions {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Ceiling of the first retry's full-jitter wait. */
  initialBackoffMs: number;
  /** Ceiling of any full-jitter wait. */
  maxBackoffMs: number;
  /** Which failures may succeed when repeated. */
  isRetryable(error: unknown): boolean;
  /** The wait a failure asks for (a retry-after header), in ms; wins over the backoff. */
  retryAfterMs?(error: unknown): number | undefined;
  /** Cap on a requested wait. Default 30000. */
  maxRetryAfterMs?: number;
  /** Total budget for all attempts and waits; no wait starts that would end past it. */
  deadlineMs?: number;
  onRetry?(event: RetryEventInfo): void;
  /** Injected so tests do not wait. Must reject when `signal` aborts. */
  sleep?: Sleep;
  /** Injected for deterministic jitter; returns [0, 1). */
  random?: () => number;
  now?: () => number;
}

export interface AttemptContext {
  /** 0 for the first attempt. */
  attempt: number;
  /** Aborted when the caller's signal aborts or the total deadline passes. */
  signal: AbortSignal;
}

export interface RetryPolicy {
  execute<T>(fn: (attempt: AttemptContext) => Promise<T>, signal?: AbortSignal): Promise<T>;
}

/** Thrown by a wait that cannot happen (deadline) or was aborted; carries the failure to report instead. */
class StopRetrying extends Error {
  constructor(readonly failure: unknown) {
    super('stop retrying');
  }
}

/** Full jitter: uniform in [0, min(cap, base * 2^retryIndex)], so synchronized clients spread out. */
export function fullJitterMs(retryIndex: number, initialMs: number, maxMs: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(maxMs, initialMs * 2 ** retryIndex));
}

export function createRetryPolicy(options: RetryOptions): RetryPolicy {
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000;
  const delayFor = (retryIndex: number, error: unknown): number => {
    const asked = options.retryAfterMs?.(error);
    if (asked !== undefined) return Math.min(Math.max(0, Math.ceil(asked)), maxRetryAfterMs);
    return fullJitterMs(retryIndex, options.initialBackoffMs, options.maxBackoffMs, random);
  };

  return {
    async execute<T>(fn: (attempt: AttemptContext) => Promise<T>, callerSignal?: AbortSignal): Promise<T> {
      const startedAt = now();
      const signals = [callerSignal, options.deadlineMs === undefined ? undefined : AbortSignal.timeout(options.deadlineMs)].filter(
        (s): s is AbortSignal => s !== undefined,
      );
      const signal = signals.length === 0 ? new AbortController().signal : AbortSignal.any(signals);
      let pendingDelay = 0;
      let lastFailure: unknown;
      let pastDeadline = false;
      // cockatiel runs the loop (attempt count, which failures retry); the wait is ours, at the start of the next
      // attempt, because cockatiel's timer can be neither aborted nor injected. Its own backoff is therefore zero.
      const backoff = (context: IRetryBackoffContext<unknown>): IBackoff<IRetryBackoffContext<unknown>> => {
        const error = 'error' in context.result ? context.result.error : context.result.value;
        pendingDelay = delayFor(context.attempt - 1, error);
        lastFailure = error;
        pastDeadline = options.deadlineMs !== undefined && now() - startedAt + pendingDelay > options.deadlineMs;
        if (!pastDeadline) options.onRetry?.({ retry: context.attempt, delayMs: pendingDelay, error });
        return { duration: 0, next: backoff };
      };
      const policy = cockatielRetry(
        handleWhen((error) => !(error instanceof StopRetrying) && options.isRetryable(error)),
        {
          maxAttempts: options.maxRetries,
          backoff: { next: backoff },
        },
      );
      try {
        return await policy.execute(async ({ attempt }) => {
          if (attempt > 0) {
            if (pastDeadline) throw new StopRetrying(lastFailure);
            try {
              await sleep(pendingDelay, signal);
            } catch (abortReason) {
              throw new StopRetrying(abortReason);
            }
          }
          return fn({ attempt, signal });
        }, signal);
      } catch (error) {
        if (error instanceof StopRetrying) throw error.failure;
        throw error;
      }
    },
  };
}

export type BreakerState = 'closed' | 'open' | 'half-open' | 'isolated';

export interface CircuitBreakerOptions {
  /** How long the circuit stays open before one probe call may pass (half-open). */
  halfOpenAfterMs: number;
  /** Open after this many consecutive failures (default 5), unless `sampling` is given. */
  consecutiveFailures?: number;
  /** Open when this share of calls (0..1) failed within `durationMs`, once at least `minimumRps` calls per second ran. */
  sampling?: { threshold: number; durationMs: number; minimumRps?: number };
  /** Which errors count as failures of the dependency (default all); a caller's bad input should not open it. */
  isFailure?(error: unknown): boolean;
  onStateChange?(state: BreakerState): void;
}

export interface CircuitBreaker {
  readonly state: BreakerState;
  /** Runs `fn` unless the circuit is open; then rejects with a BrokenCircuitError (see isCircuitOpenError). */
  execute<T>(fn: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T>;
}

const STATE_NAMES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

export function createCircuitBreaker(options: CircuitBreakerOptions): CircuitBreaker {
  const breaker = options.sampling
    ? new SamplingBreaker({
        threshold: options.sampling.threshold,
        duration: options.sampling.durationMs,
        ...(options.sampling.minimumRps === undefined ? {} : { minimumRps: options.sampling.minimumRps }),
      })
    : new ConsecutiveBreaker(options.consecutiveFailures ?? 5);
  const isFailure = options.isFailure ?? (() => true);
  const policy = circuitBreaker(
    handleWhen((error) => isFailure(error)),
    { halfOpenAfter: options.halfOpenAfterMs, breaker },
  );
  if (options.onStateChange) {
    const notify = options.onStateChange;
    policy.onStateChange((state) => notify(STATE_NAMES[state]));
  }
  return {
    get state() {
      return STATE_NAMES[policy.state];
    },
    execute: (fn, signal) => policy.execute(({ signal: s }) => fn(s), signal),
  };
}

export function isCircuitOpenError(error: unknown): boolean {
  return error instanceof BrokenCircuitError;
}
