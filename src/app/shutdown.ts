// Graceful shutdown shared by both hosts: count the calls in flight, wait for them (bounded), then close the
// database pool and the cache and flush telemetry. The local host runs it on SIGTERM/SIGINT, Functions on its
// app terminate hook.

import type { Runtime } from './runtime.js';

export interface InFlight {
  /** Counts `work` as in flight until it settles; returns it unchanged. */
  track<T>(work: Promise<T>): Promise<T>;
  readonly count: number;
  /** Resolves true once nothing is in flight, false if `timeoutMs` passes first. */
  idle(timeoutMs: number): Promise<boolean>;
}

export function createInFlight(): InFlight {
  let count = 0;
  let waiters: Array<() => void> = [];
  const settle = () => {
    count--;
    if (count === 0) {
      for (const wake of waiters) wake();
      waiters = [];
    }
  };
  return {
    track(work) {
      count++;
      work.then(settle, settle);
      return work;
    },
    get count() {
      return count;
    },
    idle(timeoutMs) {
      if (count === 0) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== wake);
          resolve(false);
        }, timeoutMs);
        const wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
        waiters.push(wake);
      });
    },
  };
}

/** Longest wait for the telemetry exporters at shutdown. */
const TELEMETRY_SHUTDOWN_MS = 2000;

export interface ShutdownReport {
  /** True when every call in flight finished within the bound. */
  drained: boolean;
  /** Calls still running when the bound passed (they are abandoned). */
  abandoned: number;
  durationMs: number;
}

/** Waits for the calls in flight (at most `timeoutMs`), then closes the runtime (pool, cache) and flushes telemetry. */
export async function shutdownRuntime(runtime: Runtime, inFlight: InFlight, timeoutMs: number): Promise<ShutdownReport> {
  const started = performance.now();
  const drained = await inFlight.idle(timeoutMs);
  const abandoned = inFlight.count;
  // Each step is bounded and failure-tolerant: a stuck exporter must not keep a dying instance alive.
  await runtime.close().catch((error: unknown) => runtime.logger.warn('closing the runtime failed', { error }));
  const report = { drained, abandoned, durationMs: Math.round(performance.now() - started) };
  runtime.logger.info('shutdown complete', { drained, abandoned, duration_ms: report.durationMs });
  // Last: flush and stop the exporters, so the spans and this log's trace context of the final calls are sent.
  await runtime.telemetry.shutdown(TELEMETRY_SHUTDOWN_MS).catch(() => undefined);
  return report;
}
