// One cold start, run in a fresh process by bench/run.ts: import the Functions entry (dist/bundle/http.js), run its
// appStart hook and call its registered MCP handler the way the Functions host does, until the first answered
// tools/list (BENCH_COLD_NO_APP_START=1 leaves the hook out, for comparison). Prints one JSON line of timings, in
// ms since this process started (performance.now()), and the CPU time used by then.
// With BENCH_HUGE_QUERY set, the same warm process then answers that execute_sales_query and reports its own peak
// RSS while doing so: the server measured alone, without the bench's clients, pools and embedded database.

import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

async function main(): Promise<void> {
  const bootMs = performance.now(); // Node's own start-up, before any of our code
  const entry = process.argv[2];
  const token = process.env.BENCH_TOKEN;
  if (!entry || !token) throw new Error('usage: cold-start.js <dist/bundle/http.js> (BENCH_TOKEN set)');
  // Loaded as the entry loads it (functions/azure-functions.ts): with require, so both share one module.
  const azureFunctions = createRequire(import.meta.url)('@azure/functions') as typeof import('@azure/functions');
  const functionsLibMs = performance.now();
  const { handlers, hooks } = (await import(pathToFileURL(entry).href)) as typeof import('../functions/http.js');
  const importMs = performance.now();
  // As the host does once the entry is loaded, before the first invocation (it does not wait for the warm-up).
  if (!process.env.BENCH_COLD_NO_APP_START) hooks.appStart();
  const handler = handlers.mcp;
  if (!handler) throw new Error('no mcp handler registered');
  const post = async (id: number, method: string, params: unknown) => {
    const request = new azureFunctions.HttpRequest({
      method: 'POST',
      url: 'http://localhost:7071/api/mcp',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': '2025-06-18',
      },
      body: { string: JSON.stringify({ jsonrpc: '2.0', id, method, params }) },
    });
    const context = new azureFunctions.InvocationContext({ invocationId: `cold-start-${id}`, functionName: 'mcp' });
    const response = await handler(request, context);
    const raw = response.body;
    const body =
      raw instanceof Uint8Array ? Buffer.from(raw).toString('utf8') : typeof raw === 'string' ? raw : JSON.stringify(response.jsonBody ?? '');
    return { status: response.status ?? 200, body };
  };
  const listed = await post(1, 'tools/list', {});
  const answeredMs = performance.now();
  // CPU time of this process so far: less sensitive than wall time to other work on a shared machine.
  const cpu = process.cpuUsage();
  const tools = (listed.body.match(/"name":"[a-z_]+"/g) ?? []).length;
  const rssMb = process.memoryUsage().rss / 2 ** 20;
  const huge = process.env.BENCH_HUGE_QUERY ? await hugeQuery(post, process.env.BENCH_HUGE_QUERY) : undefined;
  process.stdout.write(
    `${JSON.stringify({ status: listed.status, tools, bootMs, functionsLibMs, importMs, answeredMs, cpuMs: (cpu.user + cpu.system) / 1000, rssMb, huge })}\n`,
  );
  process.exit(0);
}

/** Peak resident set of this process (VmHWM), in MB. */
function peakRssMb(): number {
  const line = readFileSync('/proc/self/status', 'utf8').match(/^VmHWM:\s+(\d+) kB/m);
  return line ? Number(line[1]) / 1024 : Number.NaN;
}

async function hugeQuery(post: (id: number, method: string, params: unknown) => Promise<{ status: number; body: string }>, sql: string) {
  const maxRows = 1000;
  await post(2, 'tools/call', { name: 'execute_sales_query', arguments: { postgresql_query: 'SELECT 1 AS warm', max_rows: 1 } });
  const rssBeforeMb = process.memoryUsage().rss / 2 ** 20;
  // Linux: writing 5 to clear_refs resets VmHWM to the current RSS, so the peak read after is this call's own.
  let peakReset = true;
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    peakReset = false;
  }
  const t = performance.now();
  const answer = await post(3, 'tools/call', { name: 'execute_sales_query', arguments: { postgresql_query: sql, max_rows: maxRows } });
  const ms = performance.now() - t;
  const rows = Number(answer.body.match(/"row_count":(\d+)/)?.[1] ?? Number.NaN);
  const truncated = /"truncated":true/.test(answer.body);
  return { status: answer.status, rows, truncated, ms, rssBeforeMb, peakRssMb: peakRssMb(), peakReset, answerBytes: Buffer.byteLength(answer.body) };
}

main().catch((error: unknown) => {
  process.stderr.write(`cold start failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
