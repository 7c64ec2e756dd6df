// The tool runner with a fake tool and the real in-memory cache: cache keys follow the caller's scope, errors are
// never cached, every call leaves one audit event and one span, and unexpected failures hide their details.

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool } from '../../src/protocol/define-tool.js';
import { createToolRunner, defaultSteps, stableJson, toolCacheKey } from '../../src/protocol/tool-runner.js';
import { createMemoryCache } from '../../src/platform/cache/memory-cache.js';
import { NotFoundError } from '../../src/platform/errors.js';
import { createLogger } from '../../src/platform/logger.js';
import { type Attributes, noopTelemetry, type Telemetry } from '../../src/platform/telemetry.js';
import { testRequestContext } from '../support/request-context.js';

function counterTool(behaviour: { fail?: () => Error | undefined } = {}) {
  let runs = 0;
  const tool = defineTool({
    name: 'count_things',
    title: 'Count things',
    description: 'Counts things (test tool).',
    inputSchema: { what: z.string() },
    outputSchema: { what: z.string(), run: z.number() },
    annotations: { readOnlyHint: true },
    cache: { key: (_ctx, args) => ({ what: args.what.toLowerCase() }) },
    async run(ctx, args) {
      runs++;
      const failure = behaviour.fail?.();
      if (failure) throw failure;
      Object.assign(ctx.audit, { rows: 1, bytes: 10, round_trips: 2 });
      return { structured: { what: args.what, run: runs }, text: `${args.what}: run ${runs}` };
    },
  });
  return { tool, runs: () => runs };
}

function recordingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  return { lines, logger: createLogger({ level: 'debug', sink: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) }) };
}

function recordingTelemetry() {
  const spans: Array<{ name: string; attributes: Attributes; errors: unknown[] }> = [];
  const telemetry: Telemetry = {
    ...noopTelemetry,
    async span(name, attributes, fn) {
      const span = { name, attributes: { ...attributes }, errors: [] as unknown[] };
      spans.push(span);
      return fn({ setAttributes: (a) => Object.assign(span.attributes, a), recordError: (e) => span.errors.push(e) });
    },
  };
  return { spans, telemetry };
}

const runner = createToolRunner(defaultSteps({ cacheTtlSeconds: 300 }));

describe('tool runner', () => {
  it('serves the second identical call from the cache with the same structured value', async () => {
    const { tool, runs } = counterTool();
    const { lines, logger } = recordingLogger();
    const ctx = testRequestContext({ logger, cache: createMemoryCache() });
    const first = await runner.run(tool, { what: 'Drills' }, ctx);
    const second = await runner.run(tool, { what: 'drills' }, ctx); // same normalized key
    expect(runs()).toBe(1);
    expect(second.structuredContent).toEqual(first.structuredContent);
    expect(second.content).toEqual(first.content);
    const audits = lines.filter((l) => l.msg === 'tool_call');
    expect(audits.map((a) => a.cache_hit)).toEqual([false, true]);
    expect(audits[1]).toMatchObject({ audit: true, principal: 'test-principal', tool: 'count_things', rows: 1, bytes: 10, outcome: 'ok' });
  });

  it('misses for a caller with a different scope, and hits for another caller with the same scope', async () => {
    const { tool, runs } = counterTool();
    const cache = createMemoryCache();
    const seattle = testRequestContext({ cache, scope: { role: 'store_manager', storeIds: [1] } });
    const tacoma = testRequestContext({ cache, scope: { role: 'store_manager', storeIds: [3] } });
    const regional = testRequestContext({ cache, scope: { role: 'regional_manager', storeIds: [3, 1] } });
    const sameAsRegional = testRequestContext({
      cache,
      principal: { id: 'other-regional', scopes: [], kind: 'user', issuer: 'test' },
      scope: { role: 'regional_manager', storeIds: [1, 3] },
    });
    await runner.run(tool, { what: 'x' }, seattle);
    await runner.run(tool, { what: 'x' }, tacoma);
    await runner.run(tool, { what: 'x' }, regional);
    expect(runs()).toBe(3);
    const shared = await runner.run(tool, { what: 'x' }, sameAsRegional);
    expect(runs()).toBe(3);
    expect(shared.structuredContent).toEqual({ what: 'x', run: 3 });
  });

  it('keeps databases apart', async () => {
    const { tool, runs } = counterTool();
    const cache = createMemoryCache();
    await runner.run(tool, { what: 'x' }, testRequestContext({ cache, databaseId: 'db-a' }));
    await runner.run(tool, { what: 'x' }, testRequestContext({ cache, databaseId: 'db-b' }));
    expect(runs()).toBe(2);
  });

  it('never caches an error: the next call runs the tool again', async () => {
    let fail = true;
    const { tool, runs } = counterTool({ fail: () => (fail ? new NotFoundError('nothing here', { nextStep: 'look elsewhere' }) : undefined) });
    const { lines, logger } = recordingLogger();
    const ctx = testRequestContext({ logger, cache: createMemoryCache() });
    const failed = await runner.run(tool, { what: 'x' }, ctx);
    expect(failed.isError).toBe(true);
    expect(failed.content).toEqual([{ type: 'text', text: 'Error NOT_FOUND: nothing here\nNext step: look elsewhere' }]);
    fail = false;
    const ok = await runner.run(tool, { what: 'x' }, ctx);
    expect(ok.isError).toBeUndefined();
    expect(runs()).toBe(2);
    expect(lines.filter((l) => l.msg === 'tool_call').map((l) => l.outcome)).toEqual(['NOT_FOUND', 'ok']);
  });

  it('turns an unexpected failure into INTERNAL_ERROR without its details, and logs it', async () => {
    const { tool } = counterTool({ fail: () => new Error('connection string postgres://secret@host leaked') });
    const { lines, logger } = recordingLogger();
    const result = await runner.run(tool, { what: 'x' }, testRequestContext({ logger }));
    expect(result.isError).toBe(true);
    const text = JSON.stringify(result.content);
    expect(text).toContain('INTERNAL_ERROR');
    expect(text).not.toContain('secret');
    expect(lines.some((l) => l.msg === 'unexpected tool failure' && l.level === 'error')).toBe(true);
    expect(lines.find((l) => l.msg === 'tool_call')?.outcome).toBe('INTERNAL_ERROR');
  });

  it('refuses an answer outside the output schema as INTERNAL_ERROR, logs the issue, and never caches it', async () => {
    let runs = 0;
    const tool = defineTool({
      name: 'bad_answer',
      title: 'Bad answer',
      description: 'Answers outside its own output schema on the first call (test tool).',
      inputSchema: {},
      outputSchema: { total: z.number() },
      annotations: { readOnlyHint: true },
      cache: { key: () => ({}) },
      async run() {
        runs++;
        return { structured: { total: runs === 1 ? ('12.50' as unknown as number) : 12.5 }, text: 'total' };
      },
    });
    const { lines, logger } = recordingLogger();
    const ctx = testRequestContext({ logger, cache: createMemoryCache() });
    const first = await runner.run(tool, {}, ctx);
    expect(first.isError).toBe(true);
    expect(JSON.stringify(first.content)).toContain('INTERNAL_ERROR');
    const logged = lines.find((l) => l.msg === 'unexpected tool failure');
    expect(JSON.stringify(logged)).toContain('outside its output schema');
    const second = await runner.run(tool, {}, ctx);
    expect(second.isError).toBeUndefined();
    expect(second.structuredContent).toEqual({ total: 12.5 });
    expect(runs).toBe(2);
  });

  it('opens one span per call named after the tool, with the outcome and figures', async () => {
    const { tool } = counterTool();
    const { spans, telemetry } = recordingTelemetry();
    const ctx = testRequestContext({ telemetry, cache: createMemoryCache() });
    await runner.run(tool, { what: 'x' }, ctx);
    await runner.run(tool, { what: 'x' }, ctx);
    expect(spans.map((s) => s.name)).toEqual(['tools/call count_things', 'tools/call count_things']);
    expect(spans[0]?.attributes).toMatchObject({
      'mcp.method.name': 'tools/call',
      'gen_ai.tool.name': 'count_things',
      'zava.tool.outcome': 'ok',
      'zava.result.rows': 1,
      'zava.db.round_trips': 2,
      'zava.cache.hit': false,
    });
    expect(spans[1]?.attributes['zava.cache.hit']).toBe(true);
  });

  it('marks a failed call error on its span, the code going to recordError (error.type)', async () => {
    const { tool } = counterTool({ fail: () => new NotFoundError('nothing here') });
    const { spans, telemetry } = recordingTelemetry();
    await runner.run(tool, { what: 'x' }, testRequestContext({ telemetry }));
    expect(spans[0]?.attributes).toMatchObject({ 'gen_ai.operation.name': 'execute_tool', 'zava.tool.outcome': 'error' });
    expect(spans[0]?.errors.map((e) => (e as NotFoundError).code)).toEqual(['NOT_FOUND']);
  });

  it('leaves tools without a cache policy uncached and without cache_hit', async () => {
    let runs = 0;
    const tool = defineTool({
      name: 'plain',
      title: 'Plain',
      description: 'Not cached.',
      inputSchema: {},
      annotations: {},
      async run() {
        runs++;
        return { structured: { runs }, text: String(runs) };
      },
    });
    const { lines, logger } = recordingLogger();
    const ctx = testRequestContext({ logger });
    await runner.run(tool, {}, ctx);
    const second = await runner.run(tool, {}, ctx);
    expect(second.structuredContent).toEqual({ runs: 2 });
    expect(lines.find((l) => l.msg === 'tool_call')).not.toHaveProperty('cache_hit');
  });
});

describe('cache keys', () => {
  it('do not depend on key order or store-id order, and do on everything else', () => {
    const base = { tool: 't', key: { a: 1, b: [2, 3] }, role: 'regional_manager', storeIds: [3, 1], databaseId: 'db' };
    expect(toolCacheKey(base)).toBe(toolCacheKey({ ...base, key: { b: [2, 3], a: 1 }, storeIds: [1, 3] }));
    expect(toolCacheKey(base)).toMatch(/^tool:v1:[0-9a-f]{64}$/);
    for (const changed of [{ tool: 'u' }, { key: { a: 2, b: [2, 3] } }, { role: 'head_office' }, { storeIds: [1] }, { databaseId: 'other' }]) {
      expect(toolCacheKey({ ...base, ...changed })).not.toBe(toolCacheKey(base));
    }
    expect(stableJson({ z: { y: 1, x: 2 }, a: [{ d: 1, c: 2 }] })).toBe('{"a":[{"c":2,"d":1}],"z":{"x":2,"y":1}}');
  });
});
