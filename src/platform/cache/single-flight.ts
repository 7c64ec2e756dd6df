// Single-flight: concurrent calls for one key share one running computation (per process), so a burst of
// identical misses costs the database one query instead of N.

export class SingleFlight<R> {
  readonly #running = new Map<string, Promise<R>>();

  /**
   * Runs `work` for `key` unless a run for that key is already in progress, in which case the caller joins it
   * (`shared: true`). A failure reaches every caller of that run; the next call after it starts a new run.
   */
  run(key: string, work: () => Promise<R>): { result: Promise<R>; shared: boolean } {
    const running = this.#running.get(key);
    if (running) return { result: running, shared: true };
    // The async wrapper turns a synchronous throw in `work` into a rejection every caller sees.
    const result = (async () => work())();
    this.#running.set(key, result);
    const clear = () => {
      if (this.#running.get(key) === result) this.#running.delete(key);
    };
    result.then(clear, clear);
    return { result, shared: false };
  }

  /** Keys being computed right now (diagnostics). */
  get size(): number {
    return this.#running.size;
  }
}
