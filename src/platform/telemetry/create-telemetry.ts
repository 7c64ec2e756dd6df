// Chooses the telemetry implementation from configuration. Separate from the interface module so the
// OpenTelemetry code (imported dynamically here) never forms an import cycle with the types it implements.

import type { Logger } from '../logger.js';
import { configuredExporters, noopTelemetry, type Telemetry, type TelemetryConfig } from '../telemetry.js';

/**
 * The configured telemetry: no-op (nothing imported) unless APPLICATIONINSIGHTS_CONNECTION_STRING or an
 * OTEL_EXPORTER_OTLP_*ENDPOINT is set. A failure to start telemetry is logged and never stops the server.
 * Call once per process: OpenTelemetry's providers are global.
 */
export async function createTelemetry(config: TelemetryConfig, options: { logger: Logger }): Promise<Telemetry> {
  const exporters = configuredExporters(config);
  if (exporters.length === 0) return noopTelemetry;
  try {
    const { startOpenTelemetry } = await import('./otel-sdk.js');
    return await startOpenTelemetry(config, { logger: options.logger, exporters });
  } catch (error) {
    options.logger.error('telemetry failed to start; serving without it', { error, exporters });
    return noopTelemetry;
  }
}
