// The Functions instance's runtime: created on first invocation and reused by warm invocations; shut down
// gracefully (invocations in flight finish, pool closed, telemetry flushed) on the app's terminate hook.

import { createInFlight, shutdownRuntime } from '../src/app/shutdown.js';
import { loadConfig } from '../src/platform/config.js';
import { openMaintenanceDatabase } from '../src/app/configured-database.js';
import { createRuntime, type Runtime } from '../src/app/runtime.js';
import type { Database } from '../src/data/database.js';

let runtime: Runtime | undefined;

/** The HTTP invocations being handled right now (the adapter counts them). */
export const inFlight = createInFlight();

export function functionsRuntime(): Runtime {
  runtime ??= createRuntime({ config: loadConfig() });
  return runtime;
}

/**
 * Run by app.hook.appStart, before the host sends the first invocation: the database and the signing keys get
 * ready in the background (Runtime.warmUp) while the host finishes starting. Not awaited, so a database that is
 * slow to wake never holds up the worker's start; the first request awaits the same promises.
 */
export function warmUpFunctionsRuntime(): void {
  let current: Runtime;
  try {
    current = functionsRuntime();
  } catch {
    return; // a configuration error: the first request answers with it
  }
  void current.warmUp();
}

/** Run by app.hook.appTerminate: waits for the invocations in flight (SHUTDOWN_TIMEOUT_MS), then closes. */
export async function shutdownFunctionsRuntime(): Promise<void> {
  const current = runtime;
  runtime = undefined;
  if (current) await shutdownRuntime(current, inFlight, current.config.SHUTDOWN_TIMEOUT_MS);
}

/**
 * Owner work for the timer Functions: the maintenance database (DATABASE_OWNER_URL, which the runtime login the tools
 * use is not), opened for this run and closed after it.
 */
export async function withOwnerDatabase<T>(work: (database: Database, runtime: Runtime) => Promise<T>): Promise<T> {
  const current = functionsRuntime();
  const handle = await openMaintenanceDatabase(current.config, current.logger);
  try {
    return await work(handle.database, current);
  } finally {
    await handle.close();
  }
}
