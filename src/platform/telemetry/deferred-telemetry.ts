// Telemetry that starts in the background: a Functions instance must not wait seconds for the OpenTelemetry SDK
// before answering, so calls go to the no-op until the configured implementation is ready, then to it.

import { noopTelemetry, type Telemetry } from '../telemetry.js';

export function deferTelemetry(starting: Promise<Telemetry>): Telemetry {
  let current: Telemetry = noopTelemetry;
  const ready = starting.then(
    (telemetry) => {
      current = telemetry;
      return telemetry;
    },
    () => noopTelemetry, // createTelemetry logs its own failure and never rejects; this only guards the type.
  );
  return {
    get enabled() {
      return current.enabled;
    },
    span: (name, attributes, fn, kind) => current.span(name, attributes, fn, kind),
    withIncomingContext: (carrier, fn) => current.withIncomingContext(carrier, fn),
    count: (name, value, attributes) => current.count(name, value, attributes),
    record: (name, value, attributes) => current.record(name, value, attributes),
    observe: (name, read) => {
      // A gauge registered before start-up finishes is registered on the real implementation once it is ready.
      let unregister: () => void = () => undefined;
      let cancelled = false;
      void ready.then((telemetry) => {
        if (!cancelled) unregister = telemetry.observe(name, read);
      });
      return () => {
        cancelled = true;
        unregister();
      };
    },
    flush: async (timeoutMs) => (await ready).flush(timeoutMs),
    shutdown: async (timeoutMs) => (await ready).shutdown(timeoutMs),
  };
}
