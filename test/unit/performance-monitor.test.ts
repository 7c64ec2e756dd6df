// The query performance monitor and the runner's performance step: summary figures, the slow-query line (no SQL).

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createPerformanceMonitor } from '../../src/platform/performance-monitor.js';
import { createLogger } from '../../src/platform/logger.js';
import { defineTool } from '../../src/protocol/define-tool.js';
import { createToolRunner, defaultSteps } from '../../src/protocol/tool-runner.js';
import { ValidationError } from '../../src/platform/errors.js';
import { testRequestContext } from '../support/request-context.js';

describe('performance monitor', () => {
  it('summarises count, mean, p95, max, slow and errors per tool', () => {
    const monitor = createPerformanceMonitor({ slowQueryMs: 50, now: () => new Date('2026-01-01T00:00:00Z') });
    for (let i = 1; i <= 20; i++) monitor.record('a', i * 5, i === 20);
    expect(monitor.record('b', 10, false)).toBe(false);
    expect(monitor.summary()).toEqual({
      since: '2026-01-01T00:00:00.000Z',
      slow_query_ms: 50,
      tools: [
        { tool: 'a', count: 20, mean_ms: 52.5, p95_ms: 95, max_ms: 100, slow: 10, errors: 1 },
        { tool: 'b', count: 1, mean_ms: 10, p95_ms: 10, max_ms: 10, slow: 0, errors: 0 },
      ],
    });
  });

  it('logs a slow call with tool, fingerprint, duration, rows and round trips, and never the SQL text', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = createLogger({ level: 'info', sink: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });
    const performance = createPerformanceMonitor({ slowQueryMs: 20 });
    const tool = defineTool({
      name: 'slow_thing',
      title: 'Slow',
      description: 'test',
      inputSchema: { sql: z.string(), fail: z.boolean() },
      annotations: { readOnlyHint: true },
      run: async (ctx, args) => {
        await new Promise((resolve) => setTimeout(resolve, 40));
        Object.assign(ctx.audit, { sql_fingerprint: 'abc123', rows: 3, round_trips: 1 });
        if (args.fail) throw new ValidationError('no');
        return { structured: {}, text: 'done' };
      },
    });
    const runner = createToolRunner(defaultSteps({ cacheTtlSeconds: 0 }));
    await runner.run(tool, { sql: 'SELECT secret_column FROM t', fail: false }, testRequestContext({ logger, performance }));
    await runner.run(tool, { sql: 'SELECT secret_column FROM t', fail: true }, testRequestContext({ logger, performance }));
    const slow = lines.filter((l) => l.msg === 'slow_query');
    expect(slow).toHaveLength(2);
    expect(slow[0]).toMatchObject({ level: 'warn', tool: 'slow_thing', sql_fingerprint: 'abc123', rows: 3, round_trips: 1, failed: false });
    expect(slow[1]).toMatchObject({ failed: true });
    expect(JSON.stringify(lines)).not.toContain('secret_column');
    expect(performance.summary().tools[0]).toMatchObject({ tool: 'slow_thing', count: 2, slow: 2, errors: 1 });
  });
});
