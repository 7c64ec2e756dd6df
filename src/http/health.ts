// GET /api/health: liveness. Cheap and dependency-free (no database, embeddings or Redis call), so a platform
// probe restarts an instance only when the process itself is stuck. Readiness is GET /api/health/ready.

const startedAt = Date.now();

export function handleHealth(): Response {
  return Response.json(
    { status: 'ok', uptime_s: Math.round((Date.now() - startedAt) / 1000), readiness: '/api/health/ready' },
    { status: 200, headers: { 'Cache-Control': 'no-store' } },
  );
}
