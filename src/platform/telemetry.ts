// The telemetry service every layer may use: spans, counters, histograms and observed gauges behind a small
// interface. The default does nothing and costs nothing; the OpenTelemetry implementation (src/platform/telemetry/)
// is imported dynamically, and only when an exporter is configured, so a cold start without telemetry loads none of it.

export type Attributes = Record<string, string | number | boolean | undefined>;

export interface Span {
  setAttributes(attributes: Attributes): void;
  /** Marks the span failed (status ERROR, `error.type` = the error's code or class), never with its message text. */
  recordError(error: unknown): void;
}

export type SpanKind = 'internal' | 'server' | 'client';

/** One value of an observed instrument, with its attributes (for example a pool's connections by state). */
export interface ObservedValue {
  value: number;
  attributes?: Attributes;
}

/**
 * Where incoming W3C trace context is read from: HTTP headers (a web `Headers` or a plain object), or a plain
 * object built from the Functions invocation (`{ traceparent: context.traceContext?.traceParent, tracestate: ... }`)
 * or from an MCP request's `params._meta`. Keys `traceparent` and `tracestate` (case-insensitive).
 */
export type TraceCarrier = { get(name: string): string | null } | Record<string, string | string[] | null | undefined>;

export interface Telemetry {
  /** False for the no-op implementation: lets callers skip building attributes nobody will see. */
  readonly enabled: boolean;
  /** Runs `fn` inside a span that is a child of the active one, and ends it when `fn` settles (a throw marks it failed). */
  span<T>(name: string, attributes: Attributes, fn: (span: Span) => Promise<T>, kind?: SpanKind): Promise<T>;
  /**
   * Runs `fn` with the trace context carried by `carrier` as the active context, so the spans `fn` starts continue
   * the caller's trace. An absent or malformed `traceparent` leaves the current context (a new trace).
   */
  withIncomingContext<T>(carrier: TraceCarrier | undefined, fn: () => T): T;
  /** Adds to a counter (tool calls, cache lookups, retries, ...). */
  count(name: string, value?: number, attributes?: Attributes): void;
  /** Records one value of a histogram. Durations always in milliseconds (instruments defined in seconds convert). */
  record(name: string, value: number, attributes?: Attributes): void;
  /**
   * Registers a callback read at each metric collection (pool in use and waiting, circuit state). Returns a
   * function that unregisters it. The callback must be cheap and must not throw.
   */
  observe(name: string, read: () => number | ObservedValue[]): () => void;
  /** Exports what is buffered (end of a Functions invocation); waits at most `timeoutMs` (default 5000). */
  flush(timeoutMs?: number): Promise<void>;
  /** Flushes and stops the exporters (process shutdown); waits at most `timeoutMs` (default 5000). */
  shutdown(timeoutMs?: number): Promise<void>;
}

const noopSpan: Span = { setAttributes: () => undefined, recordError: () => undefined };

export const noopTelemetry: Telemetry = {
  enabled: false,
  span: (_name, _attributes, fn) => fn(noopSpan),
  withIncomingContext: (_carrier, fn) => fn(),
  count: () => undefined,
  record: () => undefined,
  observe: () => () => undefined,
  flush: async () => undefined,
  shutdown: async () => undefined,
};

/** The configuration telemetry reads (a subset of Config, so tests can pass just these). */
export interface TelemetryConfig {
  APPLICATIONINSIGHTS_CONNECTION_STRING?: string | undefined;
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING?: string | undefined;
  OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined;
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string | undefined;
  OTEL_EXPORTER_OTLP_METRICS_ENDPOINT?: string | undefined;
  OTEL_SERVICE_NAME?: string | undefined;
  OTEL_SDK_DISABLED?: boolean | undefined;
}

/** Which exporters the configuration asks for (empty: telemetry off). */
export function configuredExporters(config: TelemetryConfig): Array<'azure-monitor' | 'otlp'> {
  if (config.OTEL_SDK_DISABLED) return [];
  const out: Array<'azure-monitor' | 'otlp'> = [];
  if (config.APPLICATIONINSIGHTS_CONNECTION_STRING) out.push('azure-monitor');
  if (config.OTEL_EXPORTER_OTLP_ENDPOINT || config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || config.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT) {
    out.push('otlp');
  }
  return out;
}
