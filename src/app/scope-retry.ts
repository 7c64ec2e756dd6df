// Retries whole tenant-scope READ transactions after transient database failures, through the shared retry
// service: exponential backoff with full jitter, a total deadline, abortable by the request's signal. It wraps
// RequestContext.withScope and nothing else, so writes and maintenance (Database.withMaintenance), the caller's
// own timeouts and guard refusals are never repeated. Each attempt is a fresh withTenantScope: the broken
// connection was discarded (release(true)) and the concurrency slot released before the wait.

import { classifyDatabaseError, isTransientDatabaseError } from '../data/transient-errors.js';
import type { Logger } from '../platform/logger.js';
import { createRetryPolicy, type RetryPolicy, type Sleep } from '../platform/resilience.js';
import type { Telemetry } from '../platform/telemetry.js';
import { ATTR, METRIC } from '../platform/telemetry/semconv.js';

export interface ScopeRetryOptions {
  /** Total budget of all attempts and waits (DB_RETRY_DEADLINE_MS); well inside the Functions timeout. */
  deadlineMs: number;
  /** Retries after the first attempt (DB_RETRY_MAX). 0 turns retrying off. */
  maxRetries: number;
  /** Ceiling of the first full-jitter wait; doubles per retry up to maxBackoffMs. */
  initialBackoffMs: number;
  maxBackoffMs: number;
  telemetry: Telemetry;
  logger: Logger;
  sleep?: Sleep;
  random?: () => number;
}

export interface ScopeRetry {
  /** Runs `transaction` (one whole read transaction) again while it fails transiently, within the deadline. */
  run<T>(transaction: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}

export const RETRY_METRIC = METRIC.retries;
/** zava.retry.operation of these retries (error.type carries the transient reason). */
export const RETRY_OPERATION = 'db.read_transaction';

export function createScopeRetry(options: ScopeRetryOptions): ScopeRetry {
  if (options.maxRetries <= 0) return { run: (transaction) => transaction() };
  const policy: RetryPolicy = createRetryPolicy({
    maxRetries: options.maxRetries,
    initialBackoffMs: options.initialBackoffMs,
    maxBackoffMs: options.maxBackoffMs,
    deadlineMs: options.deadlineMs,
    isRetryable: isTransientDatabaseError,
    onRetry({ retry, delayMs, error }) {
      const reason = classifyDatabaseError(error).reason ?? 'unknown';
      options.telemetry.count(RETRY_METRIC, 1, { [ATTR.retryOperation]: RETRY_OPERATION, [ATTR.errorType]: reason, [ATTR.retryAttempt]: retry });
      options.logger.warn('retrying a read transaction after a transient database failure', { retry, delay_ms: delayMs, reason });
    },
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.random ? { random: options.random } : {}),
  });
  return { run: (transaction, signal) => policy.execute(() => transaction(), signal) };
}
