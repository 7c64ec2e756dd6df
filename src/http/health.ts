// GET /api/health: database and embeddings status as JSON; 200 when healthy, 503 otherwise. No secrets.

import type { Runtime } from '../app/runtime.js';

/** A real embedding call costs money and time: its answer (failures included) is kept for a minute. */
const PROBE_TTL_SECONDS = 60;

async function probeEmbeddings(runtime: Runtime): Promise<{ ok: boolean; detail?: string }> {
  if (runtime.config.EMBEDDINGS_PROVIDER === 'local') return { ok: true };
  const { value } = await runtime.cache.getOrCompute(`health:embeddings:v1:${runtime.embedder.model}`, PROBE_TTL_SECONDS, async () => {
    try {
      await runtime.embedder.embed(['health check']);
      return { ok: true };
    } catch (error) {
      return { ok: false, detail: error instanceof Error ? error.message : 'unavailable' };
    }
  });
  return value;
}

export async function handleHealth(runtime: Runtime): Promise<Response> {
  const started = performance.now();
  let database: Record<string, unknown>;
  try {
    const handle = await runtime.database();
    await handle.database.query('SELECT 1');
    database = { status: 'ok', target: handle.description };
  } catch (error) {
    database = { status: 'error', detail: error instanceof Error ? error.message : 'unavailable' };
  }
  const probe = await probeEmbeddings(runtime);
  const embeddings = {
    status: probe.ok ? 'ok' : 'error',
    provider: runtime.config.EMBEDDINGS_PROVIDER,
    model: runtime.embedder.model,
    dimensions: runtime.embedder.dimensions,
    ...(probe.detail ? { detail: probe.detail } : {}),
  };
  const healthy = database.status === 'ok' && probe.ok;
  return Response.json(
    {
      status: healthy ? 'ok' : 'degraded',
      database,
      embeddings,
      auth_mode: runtime.config.authMode,
      duration_ms: Math.round(performance.now() - started),
    },
    { status: healthy ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  );
}
