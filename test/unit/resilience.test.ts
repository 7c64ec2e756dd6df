// The shared retry and circuit breaker (cockatiel underneath): waits, retry-after, deadline, abort, half-open.

import { describe, expect, it } from 'vitest';
import { createCircuitBreaker, createRetryPolicy, fullJitterMs, isCircuitOpenError, type RetryOptions } from '../../src/platform/resilience.js';

class Transient extends Error {
  constructor(readonly retryAfter?: number) {
    super('transient');
  }
}

function policy(overrides: Partial<RetryOptions> = {}) {
  const sleeps: number[] = [];
  const retries: number[] = [];
  const retry = createRetryPolicy({
    maxRetries: 3,
    initialBackoffMs: 100,
    maxBackoffMs: 1000,
    isRetryable: (e) => e instanceof Transient,
    retryAfterMs: (e) => (e instanceof Transient ? e.retryAfter : undefined),
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    onRetry: (event) => retries.push(event.retry),
    ...overrides,
  });
  return { retry, sleeps, retries };
}

/** A function failing with the given errors in turn, then answering 'done'. */
function failing(...errors: Error[]) {
  let calls = 0;
  const attempts: number[] = [];
  return {
    fn: async ({ attempt }: { attempt: number }) => {
      attempts.push(attempt);
      const error = errors[calls++];
      if (error) throw error;
      return 'done';
    },
    attempts,
    calls: () => calls,
  };
}

describe('retry policy', () => {
  it('waits with exponential full jitter between attempts, then succeeds', async () => {
    const { retry, sleeps, retries } = policy();
    const f = failing(new Transient(), new Transient(), new Transient());
    await expect(retry.execute(f.fn)).resolves.toBe('done');
    expect(sleeps).toEqual([50, 100, 200]);
    expect(retries).toEqual([1, 2, 3]);
    expect(f.attempts).toEqual([0, 1, 2, 3]);
  });

  it('caps the jitter ceiling', () => {
    expect(fullJitterMs(10, 100, 1000, () => 0.999)).toBe(999);
    expect(fullJitterMs(0, 100, 1000, () => 0)).toBe(0);
  });

  it('honours retry-after, capped', async () => {
    const { retry, sleeps } = policy({ maxRetryAfterMs: 5000 });
    const f = failing(new Transient(1200), new Transient(60_000));
    await retry.execute(f.fn);
    expect(sleeps).toEqual([1200, 5000]);
  });

  it('does not retry what the predicate refuses, and gives up after maxRetries with the last error', async () => {
    const { retry, sleeps } = policy();
    const fatal = new Error('fatal');
    await expect(retry.execute(failing(fatal).fn)).rejects.toBe(fatal);
    expect(sleeps).toEqual([]);
    const last = new Transient();
    const f = failing(new Transient(), new Transient(), new Transient(), last);
    await expect(retry.execute(f.fn)).rejects.toBe(last);
    expect(f.calls()).toBe(4);
  });

  it('starts no wait that would end past the total deadline', async () => {
    let clock = 0;
    const { retry, sleeps } = policy({
      deadlineMs: 1000,
      now: () => clock,
      sleep: async (ms) => {
        sleeps.push(ms);
        clock += ms;
      },
    });
    const second = new Transient(900);
    const f = failing(new Transient(600), second, new Transient());
    await expect(retry.execute(f.fn)).rejects.toBe(second);
    expect(sleeps).toEqual([600]); // 600 + 900 > 1000: the second wait never starts
    expect(f.calls()).toBe(2);
  });

  it("stops waiting as soon as the caller's signal aborts", async () => {
    const { retry } = policy({ sleep: undefined, retryAfterMs: () => 60_000, maxRetryAfterMs: 60_000 });
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(new Error('deadline')), 50);
    await expect(retry.execute(failing(new Transient(), new Transient()).fn, controller.signal)).rejects.toThrow('deadline');
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('circuit breaker', () => {
  it('opens after consecutive failures, fails fast, then lets one probe through and closes on success', async () => {
    const states: string[] = [];
    const breaker = createCircuitBreaker({ consecutiveFailures: 2, halfOpenAfterMs: 100, onStateChange: (s) => states.push(s) });
    const boom = async () => {
      throw new Error('down');
    };
    await expect(breaker.execute(boom)).rejects.toThrow('down');
    await expect(breaker.execute(boom)).rejects.toThrow('down');
    expect(breaker.state).toBe('open');
    let called = false;
    const open = await breaker
      .execute(async () => {
        called = true;
      })
      .catch((e: unknown) => e);
    expect(isCircuitOpenError(open)).toBe(true);
    expect(called).toBe(false);
    await new Promise((r) => setTimeout(r, 150));
    await expect(breaker.execute(async () => 'ok')).resolves.toBe('ok');
    expect(breaker.state).toBe('closed');
    expect(states).toEqual(['open', 'half-open', 'closed']);
  });

  it('ignores errors that are not failures of the dependency', async () => {
    const breaker = createCircuitBreaker({ consecutiveFailures: 1, halfOpenAfterMs: 1000, isFailure: (e) => !(e instanceof RangeError) });
    await expect(
      breaker.execute(async () => {
        throw new RangeError('bad input');
      }),
    ).rejects.toThrow('bad input');
    expect(breaker.state).toBe('closed');
  });
});
