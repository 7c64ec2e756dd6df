// The Functions instance's runtime: created on first invocation and reused by warm invocations.

import { loadConfig } from '../src/platform/config.js';
import { createRuntime, type Runtime } from '../src/app/runtime.js';

let runtime: Runtime | undefined;

export function functionsRuntime(): Runtime {
  runtime ??= createRuntime({ config: loadConfig() });
  return runtime;
}
