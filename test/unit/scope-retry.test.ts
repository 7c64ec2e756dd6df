// The read-transaction retry: transient failures repeat the whole transaction (counted), everything else is final;
// the total deadline and the request's signal end it.

import { DatabaseError as PgDatabaseError } from '@neondatabase/serverless';
import { describe, expect, it } from 'vitest';
import { createScopeRetry, RETRY_METRIC } from '../../src/app/scope-retry.js';
import { mapDatabaseError } from '../../src/data/pg-errors.js';
import { silentLogger } from '../../src/platform/logger.js';
import { SqlNotAllowedError } from '../../src/platform/errors.js';
import { noopTelemetry, type Telemetry } from '../../src/platform/telemetry.js';

function pgError(code: string, message: string): PgDatabaseError {
  const error = new PgDatabaseError(message, message.length, 'error');
  error.code = code;
  error.severity = 'FATAL';
  return error;
}

const mapped = (error: unknown) => mapDatabaseError(error, { statementTimeoutMs: 5000 });
const terminated = () => mapped(pgError('57P01', 'terminating connection due to administrator command'));
const timedOut = () => mapped(pgError('57014', 'canceling statement due to statement timeout'));

function counting(): Telemetry & { counts: Array<[string, number, unknown]> } {
  const counts: Array<[string, number, unknown]> = [];
  return { ...noopTelemetry, counts, count: (name, value = 1, attributes) => void counts.push([name, value, attributes]) };
}

/** A transaction failing with the given errors in turn, then answering its attempt number. */
function transaction(...errors: Error[]) {
  let attempts = 0;
  return {
    run: async () => {
      const error = errors[attempts++];
      if (error) throw error;
      return attempts;
    },
    attempts: () => attempts,
  };
}

function retry(overrides: Partial<Parameters<typeof createScopeRetry>[0]> = {}) {
  const telemetry = counting();
  const sleeps: number[] = [];
  const policy = createScopeRetry({
    deadlineMs: 10_000,
    maxRetries: 5,
    initialBackoffMs: 100,
    maxBackoffMs: 1000,
    telemetry,
    logger: silentLogger,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...overrides,
  });
  return { policy, telemetry, sleeps };
}

describe('read-transaction retry', () => {
  it('repeats a transaction that failed transiently, with backoff, and counts each retry with its reason', async () => {
    const { policy, telemetry, sleeps } = retry();
    const tx = transaction(terminated(), mapped(new Error('Connection terminated unexpectedly')));
    await expect(policy.run(tx.run)).resolves.toBe(3);
    expect(sleeps).toEqual([50, 100]);
    expect(telemetry.counts).toEqual([
      [RETRY_METRIC, 1, { 'zava.retry.operation': 'db.read_transaction', 'error.type': 'server-shutdown', 'zava.retry.attempt': 1 }],
      [RETRY_METRIC, 1, { 'zava.retry.operation': 'db.read_transaction', 'error.type': 'network', 'zava.retry.attempt': 2 }],
    ]);
    expect(RETRY_METRIC).toBe('zava.retries');
  });

  it("never repeats the caller's timeout, a guard refusal or a plain bug", async () => {
    for (const error of [timedOut(), new SqlNotAllowedError('Only SELECT.'), new TypeError('bug')]) {
      const { policy, telemetry } = retry();
      const tx = transaction(error);
      await expect(policy.run(tx.run)).rejects.toBe(error);
      expect(tx.attempts()).toBe(1);
      expect(telemetry.counts).toEqual([]);
    }
  });

  it('gives up after maxRetries with the last failure, which tells the model it is temporary', async () => {
    const { policy } = retry({ maxRetries: 2 });
    const last = terminated();
    const tx = transaction(terminated(), terminated(), last);
    const error = await policy.run(tx.run).catch((e: unknown) => e);
    expect(error).toBe(last);
    expect(tx.attempts()).toBe(3);
    expect((error as Error).message).toMatch(/temporarily unavailable/);
    expect((error as { nextStep?: string }).nextStep).toMatch(/temporary.*retry the same call in about 5 seconds/);
  });

  it('stops at the total deadline (real timers)', async () => {
    const policy = createScopeRetry({
      deadlineMs: 300,
      maxRetries: 100,
      initialBackoffMs: 50,
      maxBackoffMs: 50,
      telemetry: noopTelemetry,
      logger: silentLogger,
    });
    const started = performance.now();
    const forever = async () => {
      throw terminated();
    };
    await expect(policy.run(forever)).rejects.toMatchObject({ code: 'DATABASE_ERROR' });
    expect(performance.now() - started).toBeLessThan(600);
  });

  it("stops when the request's signal aborts", async () => {
    const policy = createScopeRetry({
      deadlineMs: 10_000,
      maxRetries: 100,
      initialBackoffMs: 1000,
      maxBackoffMs: 1000,
      telemetry: noopTelemetry,
      logger: silentLogger,
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('client went away')), 50);
    const started = performance.now();
    await expect(
      policy.run(async () => {
        throw terminated();
      }, controller.signal),
    ).rejects.toThrow(/client went away|temporarily unavailable/);
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('maxRetries 0 runs the transaction once', async () => {
    const { policy } = retry({ maxRetries: 0 });
    const tx = transaction(terminated());
    await expect(policy.run(tx.run)).rejects.toMatchObject({ code: 'DATABASE_ERROR' });
    expect(tx.attempts()).toBe(1);
  });
});
