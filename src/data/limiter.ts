// A counting semaphore capping concurrent database work per instance; waiters give up after a timeout.

import { BusyError } from '../platform/errors.js';

export class Limiter {
  private active = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(
    private readonly max: number,
    private readonly queueTimeoutMs: number,
  ) {}

  /** Callers queued for a slot right now (read by the pool gauges). */
  get waiting(): number {
    return this.waiters.length;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.active < this.max) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const grant = () => {
        clearTimeout(timer);
        this.active++;
        resolve();
      };
      const timer = setTimeout(() => {
        const at = this.waiters.indexOf(grant);
        if (at >= 0) this.waiters.splice(at, 1);
        reject(
          new BusyError(`The server is busy: ${this.max} queries are already running on this instance.`, {
            nextStep: 'Retry in a few seconds.',
            retryable: true,
          }),
        );
      }, this.queueTimeoutMs);
      this.waiters.push(grant);
    });
  }

  private release(): void {
    this.active--;
    this.waiters.shift()?.();
  }
}
