// The bridge from the active trace to log lines: the OpenTelemetry implementation registers a source of the current
// trace and span ids when it starts; the logger asks it per line. No import here, so the logger stays light.

export interface TraceIds {
  trace_id: string;
  span_id: string;
}

let source: (() => TraceIds | undefined) | undefined;

/** Registers (or, with undefined, removes) the function that reads the active span's ids. */
export function setTraceIdSource(read: (() => TraceIds | undefined) | undefined): void {
  source = read;
}

/** The active trace and span ids, or undefined when telemetry is off or no span is active. */
export function activeTraceIds(): TraceIds | undefined {
  return source?.();
}
