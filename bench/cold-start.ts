// One cold start, run in a fresh process by bench/run.ts: import the Functions entry (dist/bundle/http.js) and
// call its registered MCP handler the way the Functions host does, until the first answered tools/list. Prints
// one JSON line of timings, in ms since this process started (performance.now()), and the CPU time used by then.

import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

async function main(): Promise<void> {
  const bootMs = performance.now(); // Node's own start-up, before any of our code
  const entry = process.argv[2];
  const token = process.env.BENCH_TOKEN;
  if (!entry || !token) throw new Error('usage: cold-start.js <dist/bundle/http.js> (BENCH_TOKEN set)');
  const azureFunctions = (await import('@azure/functions')).default;
  const functionsLibMs = performance.now();
  const { handlers } = (await import(pathToFileURL(entry).href)) as typeof import('../functions/http.js');
  const importMs = performance.now();
  const handler = handlers.mcp;
  if (!handler) throw new Error('no mcp handler registered');
  const request = new azureFunctions.HttpRequest({
    method: 'POST',
    url: 'http://localhost:7071/api/mcp',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2025-06-18',
    },
    body: { string: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }) },
  });
  const context = new azureFunctions.InvocationContext({ invocationId: 'cold-start', functionName: 'mcp' });
  const response = await handler(request, context);
  const raw = response.body;
  const body =
    raw instanceof Uint8Array ? Buffer.from(raw).toString('utf8') : typeof raw === 'string' ? raw : JSON.stringify(response.jsonBody ?? '');
  const answeredMs = performance.now();
  // CPU time of this process so far: less sensitive than wall time to other work on a shared machine.
  const cpu = process.cpuUsage();
  const tools = (body.match(/"name":"[a-z_]+"/g) ?? []).length;
  process.stdout.write(
    `${JSON.stringify({ status: response.status ?? 200, tools, bootMs, functionsLibMs, importMs, answeredMs, cpuMs: (cpu.user + cpu.system) / 1000, rssMb: process.memoryUsage().rss / 2 ** 20 })}\n`,
  );
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`cold start failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
