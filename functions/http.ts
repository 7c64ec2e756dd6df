// Registers the HTTP-triggered Functions (MCP, liveness, readiness, protected-resource metadata) from the shared
// route table, the warm-up on the app's start hook and the graceful shutdown on its terminate hook.

import { azureFunctions } from './azure-functions.js';
import { ROUTES } from '../src/http/routes.js';
import { adapt, type FunctionHandler } from './adapter.js';
import { functionsRuntime, inFlight, shutdownFunctionsRuntime, warmUpFunctionsRuntime } from './runtime.js';

/** Exported so tests can call the exact handlers the host runs. */
export const handlers: Record<string, FunctionHandler> = Object.fromEntries(
  ROUTES.map((route) => [route.name, adapt(route.handle, functionsRuntime, inFlight)]),
);

for (const route of ROUTES) {
  azureFunctions.app.http(route.name, {
    route: route.route,
    methods: route.methods,
    authLevel: 'anonymous', // bearer tokens are verified by the app itself
    handler: handlers[route.name] as FunctionHandler,
  });
}

/** The app's lifecycle hooks, exported so the bench can run them as the host does. */
export const hooks = {
  // Once the entry is loaded, before the first invocation: see warmUpFunctionsRuntime.
  appStart: () => warmUpFunctionsRuntime(),
  // During a graceful stop (scale-in, deployment, restart): calls in flight finish first.
  appTerminate: () => shutdownFunctionsRuntime(),
};
azureFunctions.app.hook.appStart(hooks.appStart);
azureFunctions.app.hook.appTerminate(hooks.appTerminate);
