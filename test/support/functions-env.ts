// The process environment the Functions entries build their runtime from (functions/runtime.ts reads it on first
// use, as in Azure): cleared and set for one test file, then restored, with that runtime closed.

export interface FunctionsEnvironment {
  /** Clears `names` (and any name in `values`), then sets `values`. */
  set(values: Record<string, string>): void;
  /** Closes the entries' runtime and puts every touched variable back. */
  restore(): Promise<void>;
}

export function functionsEnvironment(names: readonly string[] = []): FunctionsEnvironment {
  const saved = new Map<string, string | undefined>();
  return {
    set(values) {
      for (const name of new Set([...names, ...Object.keys(values)])) {
        if (!saved.has(name)) saved.set(name, process.env[name]);
        delete process.env[name];
      }
      Object.assign(process.env, values);
    },
    async restore() {
      const { functionsRuntime } = await import('../../functions/runtime.js');
      await functionsRuntime()
        .close()
        .catch(() => undefined);
      for (const [name, value] of saved) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    },
  };
}
