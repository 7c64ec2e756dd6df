// The telemetry service every layer may use: spans, counters and histograms behind a small interface. The
// default does nothing and costs nothing; the OpenTelemetry implementation is loaded only when configured.

export type Attributes = Record<string, string | number | boolean | undefined>;

export interface Span {
  setAttributes(attributes: Attributes): void;
  /** Marks the span failed; only the error's class and code are recorded, never its message text. */
  recordError(error: unknown): void;
}

export type SpanKind = 'internal' | 'server' | 'client';

export interface Telemetry {
  /** Runs `fn` inside a span that is a child of the active one, and ends it when `fn` settles. */
  span<T>(name: string, attributes: Attributes, fn: (span: Span) => Promise<T>, kind?: SpanKind): Promise<T>;
  /** Adds to a counter (tool calls, cache hits, retries, ...). */
  count(name: string, value?: number, attributes?: Attributes): void;
  /** Records one value of a histogram (durations in milliseconds, sizes in bytes). */
  record(name: string, value: number, attributes?: Attributes): void;
  /** Exports what is buffered (shutdown, end of a Functions invocation). */
  flush(): Promise<void>;
}

const noopSpan: Span = { setAttributes: () => undefined, recordError: () => undefined };

export const noopTelemetry: Telemetry = {
  span: (_name, _attributes, fn) => fn(noopSpan),
  count: () => undefined,
  record: () => undefined,
  flush: async () => undefined,
};
