// The database pool's gauges (OpenTelemetry database client conventions): connections by state, the maximum, and
// callers waiting. Wired here, in the composition root, so the data layer only exposes counts and knows no telemetry.

import type { DatabaseHandle } from '../data/open-database.js';
import type { Telemetry } from '../platform/telemetry.js';
import { ATTR, METRIC, VALUE } from '../platform/telemetry/semconv.js';

/**
 * Registers the pool's observable instruments, read at each metric collection from the driver's counters (no I/O).
 * Returns a function that unregisters them (call it when the handle closes).
 */
export function observePool(telemetry: Telemetry, handle: Pick<DatabaseHandle, 'database' | 'poolName'>): () => void {
  const pool = { [ATTR.dbConnectionPoolName]: handle.poolName };
  const stats = () => handle.database.poolStats();
  const unregister = [
    telemetry.observe(METRIC.dbClientConnectionCount, () => {
      const { used, idle } = stats();
      return [
        { value: used, attributes: { ...pool, [ATTR.dbConnectionState]: VALUE.connectionUsed } },
        { value: idle, attributes: { ...pool, [ATTR.dbConnectionState]: VALUE.connectionIdle } },
      ];
    }),
    telemetry.observe(METRIC.dbClientConnectionPendingRequests, () => [{ value: stats().pending, attributes: pool }]),
    telemetry.observe(METRIC.dbClientConnectionMax, () => [{ value: stats().max, attributes: pool }]),
  ];
  return () => {
    for (const stop of unregister) stop();
  };
}
