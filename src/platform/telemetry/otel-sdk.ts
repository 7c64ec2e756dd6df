// Starts OpenTelemetry for this process (imported dynamically by createTelemetry, only when configured):
// Application Insights through the Azure Monitor distro when APPLICATIONINSIGHTS_CONNECTION_STRING is set (with a
// managed-identity credential when the authentication string asks for Entra), OTLP/HTTP exporters when an
// OTEL_EXPORTER_OTLP_*ENDPOINT is set, or both. No auto-instrumentation: the app's own spans follow the conventions
// and pass the attribute guard, while the pg/http instrumentations would export SQL text and URLs.

import { context, metrics, propagation, trace } from '@opentelemetry/api';
import type { TokenCredential } from '@azure/identity';
import type { metrics as sdkMetricsTypes, tracing as sdkTracingTypes } from '@opentelemetry/sdk-node';
import type { Logger } from '../logger.js';
import type { Telemetry, TelemetryConfig } from '../telemetry.js';
import { parseAuthenticationString } from './authentication-string.js';
import { createOtelTelemetry } from './otel-telemetry.js';

type Env = Record<string, string | undefined>;
type SpanProcessor = sdkTracingTypes.SpanProcessor;
type MetricReader = sdkMetricsTypes.MetricReader;

interface Flushable {
  forceFlush(): Promise<void>;
}
function canFlush(value: unknown): value is Flushable {
  return typeof (value as { forceFlush?: unknown } | undefined)?.forceFlush === 'function';
}

function envNumber(env: Env, name: string, fallback: number): number {
  const value = Number(env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

function signalEnabled(env: Env, variable: 'OTEL_TRACES_EXPORTER' | 'OTEL_METRICS_EXPORTER'): boolean {
  const list = (env[variable] ?? 'otlp').split(',').map((s) => s.trim().toLowerCase());
  return !list.includes('none');
}

/** The OTLP exporters the standard variables ask for: protocol per signal (http/protobuf by default, http/json, grpc). */
async function otlpFromEnv(env: Env): Promise<{ spanProcessors: SpanProcessor[]; metricReaders: MetricReader[] }> {
  const { tracing, metrics: sdkMetrics } = await import('@opentelemetry/sdk-node');
  const protocol = (signal: 'TRACES' | 'METRICS') =>
    (env[`OTEL_EXPORTER_OTLP_${signal}_PROTOCOL`] ?? env.OTEL_EXPORTER_OTLP_PROTOCOL ?? 'http/protobuf').trim().toLowerCase();
  const spanProcessors: SpanProcessor[] = [];
  const metricReaders: MetricReader[] = [];
  if (signalEnabled(env, 'OTEL_TRACES_EXPORTER')) {
    const p = protocol('TRACES');
    const { OTLPTraceExporter } =
      p === 'http/json'
        ? await import('@opentelemetry/exporter-trace-otlp-http')
        : p === 'grpc'
          ? await import('@opentelemetry/exporter-trace-otlp-grpc')
          : await import('@opentelemetry/exporter-trace-otlp-proto');
    // The exporter reads the endpoint, headers, timeout and compression variables itself; the processor OTEL_BSP_*.
    spanProcessors.push(new tracing.BatchSpanProcessor(new OTLPTraceExporter()));
  }
  if (signalEnabled(env, 'OTEL_METRICS_EXPORTER')) {
    const p = protocol('METRICS');
    const { OTLPMetricExporter } =
      p === 'http/json'
        ? await import('@opentelemetry/exporter-metrics-otlp-http')
        : p === 'grpc'
          ? await import('@opentelemetry/exporter-metrics-otlp-grpc')
          : await import('@opentelemetry/exporter-metrics-otlp-proto');
    metricReaders.push(
      new sdkMetrics.PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter(),
        exportIntervalMillis: envNumber(env, 'OTEL_METRIC_EXPORT_INTERVAL', 60_000),
        exportTimeoutMillis: envNumber(env, 'OTEL_METRIC_EXPORT_TIMEOUT', 30_000),
      }),
    );
  }
  return { spanProcessors, metricReaders };
}

export async function startOpenTelemetry(
  config: TelemetryConfig,
  options: { logger: Logger; exporters: Array<'azure-monitor' | 'otlp'>; env?: Env },
): Promise<Telemetry> {
  const env = options.env ?? process.env;
  const serviceName = config.OTEL_SERVICE_NAME ?? 'zava-retail-mcp';
  const { resources } = await import('@opentelemetry/sdk-node');
  const resource = resources.resourceFromAttributes({ 'service.name': serviceName });
  const otlp = options.exporters.includes('otlp') ? await otlpFromEnv(env) : { spanProcessors: [], metricReaders: [] };

  let stopSdk: () => Promise<void>;
  const azureMonitor = options.exporters.includes('azure-monitor');
  if (azureMonitor) {
    const { useAzureMonitor, shutdownAzureMonitor } = await import('@azure/monitor-opentelemetry');
    const auth = parseAuthenticationString(config.APPLICATIONINSIGHTS_AUTHENTICATION_STRING);
    let credential: TokenCredential | undefined;
    if (auth.entra) {
      const { ManagedIdentityCredential } = await import('@azure/identity');
      credential = auth.clientId ? new ManagedIdentityCredential({ clientId: auth.clientId }) : new ManagedIdentityCredential();
    }
    const off = { enabled: false };
    useAzureMonitor({
      azureMonitorExporterOptions: {
        connectionString: config.APPLICATIONINSIGHTS_CONNECTION_STRING,
        ...(credential ? { credential } : {}),
      },
      resource,
      // Every trace by default: the distro's default (5 traces per second, rate-limited) drops the first spans of
      // a cold instance and most of a burst. OTEL_TRACES_SAMPLER(_ARG), e.g. microsoft.rate_limited, still override.
      samplingRatio: 1,
      tracesPerSecond: 0,
      // Live Metrics keeps a connection open per instance, performance counters poll the process: neither pays on
      // a scale-to-zero Function. Standard metrics (request and dependency rates) come from the spans, so stay.
      enableLiveMetrics: false,
      enablePerformanceCounters: false,
      instrumentationOptions: {
        http: off,
        azureSdk: off,
        mongoDb: off,
        mySql: off,
        postgreSql: off,
        redis: off,
        redis4: off,
        bunyan: off,
        winston: off,
      },
      spanProcessors: otlp.spanProcessors,
      metricReaders: otlp.metricReaders,
    });
    stopSdk = async () => {
      await shutdownAzureMonitor();
    };
  } else {
    const { NodeSDK, resources: res } = await import('@opentelemetry/sdk-node');
    const sdk = new NodeSDK({
      resource,
      // Only the variables' resource attributes: the process detector would export the command line.
      resourceDetectors: [res.envDetector],
      spanProcessors: otlp.spanProcessors,
      metricReaders: otlp.metricReaders,
      logRecordProcessors: [],
      instrumentations: [],
    });
    sdk.start();
    stopSdk = () => sdk.shutdown();
  }

  const tracerProvider = trace.getTracerProvider();
  const delegate = 'getDelegate' in tracerProvider ? (tracerProvider as { getDelegate(): unknown }).getDelegate() : tracerProvider;
  const meterProvider = metrics.getMeterProvider();
  options.logger.info('telemetry started', { exporters: options.exporters, service_name: serviceName });
  return createOtelTelemetry({
    tracer: trace.getTracer(serviceName),
    meter: metrics.getMeter(serviceName),
    logger: options.logger,
    legacyDbAttributes: azureMonitor,
    flush: async () => {
      await Promise.all([canFlush(delegate) ? delegate.forceFlush() : undefined, canFlush(meterProvider) ? meterProvider.forceFlush() : undefined]);
    },
    shutdown: async () => {
      await stopSdk();
      // Release the globals so a later start in the same process (tests, a host restart) can register again.
      trace.disable();
      metrics.disable();
      propagation.disable();
      context.disable();
    },
  });
}
