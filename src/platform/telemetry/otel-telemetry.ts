// The OpenTelemetry implementation of Telemetry over @opentelemetry/api: spans with kinds and error status,
// instruments created once from the catalog in semconv.ts, observed gauges, W3C context continuation, and the
// attribute guard on everything. Independent of how the providers were set up (SDK, Azure distro, tests).

import {
  context,
  isSpanContextValid,
  propagation,
  SpanKind as OtelSpanKind,
  SpanStatusCode,
  trace,
  type Attributes as OtelAttributes,
  type Counter,
  type Histogram,
  type Meter,
  type ObservableResult,
  type TextMapGetter,
  type Tracer,
} from '@opentelemetry/api';
import type { Logger } from '../logger.js';
import type { Attributes, ObservedValue, Span, SpanKind, Telemetry, TraceCarrier } from '../telemetry.js';
import { type CleanAttributes, guardAttributes, guardSpanName, valueLooksSecret } from './attribute-guard.js';
import { errorType } from './error-type.js';
import { setTraceIdSource } from './log-correlation.js';
import { ATTR, METRICS, type MetricDefinition, type MetricName } from './semconv.js';

export interface OtelTelemetryOptions {
  tracer: Tracer;
  meter: Meter;
  /** Exports what is buffered in the providers. */
  flush: () => Promise<void>;
  /** Stops the providers (after a flush). */
  shutdown: () => Promise<void>;
  logger?: Logger;
  /**
   * Also write `db.system` and `db.name` next to `db.system.name` and `db.namespace`: the Application Insights
   * exporter (1.0.0-beta.42) reads only the old keys to type a dependency as postgresql.
   */
  legacyDbAttributes?: boolean;
}

/** Re-exported: callers that already load OpenTelemetry import it from here. */
export { errorType };

const KIND: Record<SpanKind, OtelSpanKind> = { internal: OtelSpanKind.INTERNAL, server: OtelSpanKind.SERVER, client: OtelSpanKind.CLIENT };
const DEFAULT_TIMEOUT_MS = 5000;

function isHeaderLike(carrier: TraceCarrier): carrier is { get(name: string): string | null } {
  return typeof (carrier as { get?: unknown }).get === 'function';
}

const carrierGetter: TextMapGetter<TraceCarrier> = {
  // The W3C propagators only ask for these keys; a Headers object cannot list its keys without iterating.
  keys: (carrier) => (isHeaderLike(carrier) ? ['traceparent', 'tracestate', 'baggage'] : Object.keys(carrier)),
  get(carrier, key) {
    if (isHeaderLike(carrier)) return carrier.get(key) ?? undefined;
    const direct = carrier[key] ?? Object.entries(carrier).find(([k]) => k.toLowerCase() === key)?.[1];
    return direct ?? undefined;
  },
};

/** Bounds a promise: resolves when it settles or after `ms`, whichever comes first; never rejects. */
async function bounded(work: Promise<unknown>, ms: number, onTimeout: () => void): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
    timer.unref();
  });
  try {
    const outcome = await Promise.race([work.then(() => 'done' as const), timeout]);
    if (outcome === 'timeout') onTimeout();
  } catch {
    // An exporter failing at flush must not fail the caller; the SDK logs it through its diag logger.
  } finally {
    clearTimeout(timer);
  }
}

export function createOtelTelemetry(options: OtelTelemetryOptions): Telemetry {
  const { tracer, meter, logger } = options;
  const counters = new Map<string, Counter>();
  const histograms = new Map<string, { instrument: Histogram; scale: number }>();
  const observers = new Map<string, Set<() => number | ObservedValue[]>>();
  let stopped = false;

  const clean = (attributes: Attributes | undefined): CleanAttributes => {
    const { clean: safe, dropped } = guardAttributes(attributes);
    if (dropped.length > 0) logger?.debug('telemetry attributes dropped by the guard', { keys: dropped });
    if (options.legacyDbAttributes) {
      const system = safe[ATTR.dbSystemName];
      if (system !== undefined && safe['db.system'] === undefined) safe['db.system'] = system;
      const namespace = safe[ATTR.dbNamespace];
      if (namespace !== undefined && safe['db.name'] === undefined) safe['db.name'] = namespace;
    }
    return safe;
  };

  const definition = (name: string): MetricDefinition | undefined => METRICS[name as MetricName];

  const counter = (name: string): Counter => {
    let instrument = counters.get(name);
    if (!instrument) {
      const def = definition(name);
      instrument = meter.createCounter(name, { unit: def?.unit ?? '1', description: def?.description ?? name });
      counters.set(name, instrument);
    }
    return instrument;
  };

  const histogram = (name: string): { instrument: Histogram; scale: number } => {
    let entry = histograms.get(name);
    if (!entry) {
      const def = definition(name);
      const unit = def?.unit ?? 'ms';
      const advice = def?.buckets ? { explicitBucketBoundaries: def.buckets } : undefined;
      entry = {
        instrument: meter.createHistogram(name, { unit, description: def?.description ?? name, ...(advice ? { advice } : {}) }),
        // Callers pass milliseconds; conventions define durations in seconds.
        scale: unit === 's' ? 1 / 1000 : 1,
      };
      histograms.set(name, entry);
    }
    return entry;
  };

  const registerObservable = (name: string, callbacks: Set<() => number | ObservedValue[]>): void => {
    const def = definition(name);
    const instrumentOptions = { unit: def?.unit ?? '1', description: def?.description ?? name };
    const observable =
      def?.kind === 'updowncounter'
        ? meter.createObservableUpDownCounter(name, instrumentOptions)
        : meter.createObservableGauge(name, instrumentOptions);
    observable.addCallback((result: ObservableResult<OtelAttributes>) => {
      for (const read of callbacks) {
        try {
          const value = read();
          if (typeof value === 'number') result.observe(value);
          else for (const v of value) result.observe(v.value, clean(v.attributes));
        } catch {
          // A failing callback loses one observation, never the collection of the others.
        }
      }
    });
  };

  // Instruments of the catalog are created once, now, so the first call pays nothing.
  for (const [name, def] of Object.entries(METRICS)) {
    if (def.kind === 'counter') counter(name);
    else if (def.kind === 'histogram') histogram(name);
  }

  setTraceIdSource(() => {
    const active = trace.getSpan(context.active());
    if (!active) return undefined;
    const ids = active.spanContext();
    return isSpanContextValid(ids) ? { trace_id: ids.traceId, span_id: ids.spanId } : undefined;
  });

  return {
    enabled: true,
    span(name, attributes, fn, kind = 'internal') {
      return tracer.startActiveSpan(guardSpanName(name), { kind: KIND[kind], attributes: clean(attributes) }, async (otelSpan) => {
        let failed = false;
        const span: Span = {
          setAttributes: (more) => {
            otelSpan.setAttributes(clean(more));
          },
          recordError: (error) => {
            failed = true;
            const type = errorType(error);
            const safeType = valueLooksSecret(type) ? '_OTHER' : type;
            // zava.error.code too: the Application Insights exporter drops error.type from customDimensions.
            otelSpan.setAttributes({ [ATTR.errorType]: safeType, [ATTR.errorCode]: safeType });
            otelSpan.setStatus({ code: SpanStatusCode.ERROR });
          },
        };
        try {
          return await fn(span);
        } catch (error) {
          if (!failed) span.recordError(error);
          throw error;
        } finally {
          otelSpan.end();
        }
      });
    },
    withIncomingContext(carrier, fn) {
      if (!carrier) return fn();
      const extracted = propagation.extract(context.active(), carrier, carrierGetter);
      return context.with(extracted, fn);
    },
    count(name, value = 1, attributes) {
      counter(name).add(value, clean(attributes));
    },
    record(name, value, attributes) {
      const { instrument, scale } = histogram(name);
      instrument.record(value * scale, clean(attributes));
    },
    observe(name, read) {
      let callbacks = observers.get(name);
      if (!callbacks) {
        callbacks = new Set();
        observers.set(name, callbacks);
        registerObservable(name, callbacks);
      }
      callbacks.add(read);
      return () => {
        callbacks.delete(read);
      };
    },
    async flush(timeoutMs = DEFAULT_TIMEOUT_MS) {
      if (stopped) return;
      await bounded(options.flush(), timeoutMs, () => logger?.warn('telemetry flush timed out', { timeout_ms: timeoutMs }));
    },
    async shutdown(timeoutMs = DEFAULT_TIMEOUT_MS) {
      if (stopped) return;
      stopped = true;
      setTraceIdSource(undefined);
      await bounded(
        options.flush().then(() => options.shutdown()),
        timeoutMs,
        () => logger?.warn('telemetry shutdown timed out', { timeout_ms: timeoutMs }),
      );
    },
  };
}
