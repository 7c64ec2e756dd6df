// The one path every tool call takes: a short chain of steps (audit, telemetry span, error mapping, cache) around
// the tool's `run`. A new concern (retry, slow-query log) is one more step, never an edit in every tool.

import { createHash } from 'node:crypto';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { RequestContext } from '../analytics/request-context.js';
import { AppError, InternalError } from '../platform/errors.js';
import { ATTR, METRIC, SPAN, VALUE } from '../platform/telemetry/semconv.js';
import type { AnyToolDefinition, AnyToolOutput, ArgsOf, AuditFields, Shape, ToolContext } from './define-tool.js';
import { errorResult } from './tool-result.js';

export interface ToolCall {
  readonly tool: AnyToolDefinition;
  readonly args: ArgsOf<Shape>;
  readonly ctx: ToolContext;
}

export type Next = () => Promise<AnyToolOutput>;
/** One concern around a call: do something, call `next()` (or not: a cache hit), return or throw. */
export type Step = (call: ToolCall, next: Next) => Promise<AnyToolOutput>;

export interface ToolRunner {
  run(tool: AnyToolDefinition, args: ArgsOf<Shape>, ctx: RequestContext): Promise<CallToolResult>;
}

/** Steps run outermost first; the tool's own `run` is the innermost. AppErrors become isError results. */
export function createToolRunner(steps: readonly Step[]): ToolRunner {
  return {
    async run(tool, args, requestContext) {
      const call: ToolCall = { tool, args, ctx: { ...requestContext, audit: {} } };
      const at = (index: number): Promise<AnyToolOutput> => {
        const step = steps[index];
        return step ? step(call, () => at(index + 1)) : tool.run(call.ctx, call.args);
      };
      try {
        const output = await at(0);
        return { content: [{ type: 'text', text: output.text }], structuredContent: output.structured };
      } catch (error) {
        // mapErrors normally did this already; a runner built without it must still never leak details.
        return errorResult(error instanceof AppError ? error : unexpected(error));
      }
    },
  };
}

function unexpected(cause: unknown): InternalError {
  return new InternalError('The tool failed unexpectedly.', { nextStep: 'Retry once; if it fails again, report it.', cause });
}

/** One `tool_call` audit event per call, whatever happens inside. */
export const auditStep: Step = async ({ tool, ctx }, next) => {
  const started = performance.now();
  let outcome = 'ok';
  try {
    return await next();
  } catch (error) {
    outcome = error instanceof AppError ? error.code : 'INTERNAL_ERROR';
    throw error;
  } finally {
    ctx.logger.info('tool_call', {
      audit: true,
      principal: ctx.principal.id,
      tool: tool.name,
      ...ctx.audit,
      duration_ms: Math.round(performance.now() - started),
      outcome,
    });
  }
};

/** A span per call (`tools/call <tool>`), with the outcome and the audit figures as attributes. */
export const telemetryStep: Step = ({ tool, ctx }, next) => {
  const started = performance.now();
  const base = { [ATTR.mcpMethodName]: 'tools/call', [ATTR.genAiToolName]: tool.name };
  const finish = (outcome: string, errorType?: string) => {
    const attributes = { ...base, [ATTR.toolOutcome]: outcome, 'error.type': errorType };
    ctx.telemetry.count(METRIC.toolCalls, 1, attributes);
    ctx.telemetry.record(METRIC.mcpServerOperationDuration, performance.now() - started, attributes);
    if (ctx.audit.cache_hit !== undefined) {
      ctx.telemetry.count(METRIC.cacheLookups, 1, { [ATTR.cacheName]: 'tool', [ATTR.cacheOutcome]: ctx.audit.cache_hit ? 'hit' : 'miss' });
    }
  };
  return ctx.telemetry.span(
    SPAN.mcpRequest('tools/call', tool.name),
    { ...base, [ATTR.genAiOperationName]: VALUE.genAiExecuteTool },
    async (span) => {
      const figures = (audit: AuditFields) => ({
        [ATTR.resultRows]: audit.rows,
        [ATTR.resultBytes]: audit.bytes,
        [ATTR.dbRoundTrips]: audit.round_trips,
        [ATTR.cacheHit]: audit.cache_hit,
      });
      try {
        const output = await next();
        span.setAttributes({ [ATTR.toolOutcome]: 'ok', ...figures(ctx.audit) });
        finish('ok');
        return output;
      } catch (error) {
        const code = error instanceof AppError ? error.code : 'INTERNAL_ERROR';
        // The same values as the zava.tool.calls counter: outcome error, the code in error.type (and zava.error.code).
        span.setAttributes({ [ATTR.toolOutcome]: VALUE.outcomeError, ...figures(ctx.audit) });
        span.recordError(error);
        finish('error', code);
        throw error;
      }
    },
    'server',
  );
};

/**
 * The query performance monitor: every call's duration into the per-tool summary, and a warn line for calls slower
 * than SLOW_QUERY_MS with the tool, the guard's fingerprint, rows and round trips (never SQL text). Cache hits count.
 */
export const performanceStep: Step = async ({ tool, ctx }, next) => {
  const started = performance.now();
  let failed = false;
  try {
    return await next();
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    const durationMs = performance.now() - started;
    if (ctx.performance.record(tool.name, durationMs, failed)) {
      const { sql_fingerprint, rows, round_trips, cache_hit } = ctx.audit;
      ctx.logger.warn('slow_query', { tool: tool.name, sql_fingerprint, duration_ms: Math.round(durationMs), rows, round_trips, cache_hit, failed });
      ctx.telemetry.count(METRIC.slowQueries, 1, { [ATTR.genAiToolName]: tool.name });
    }
  }
};

/** Anything that is not an AppError becomes INTERNAL_ERROR without details (logged here, never shown). */
export const errorMappingStep: Step = async ({ tool, ctx }, next) => {
  try {
    return await next();
  } catch (error) {
    if (error instanceof AppError) throw error;
    ctx.logger.error('unexpected tool failure', { tool: tool.name, error });
    throw unexpected(error);
  }
};

/** JSON with object keys sorted at every level, so equal values always give equal text. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export const TOOL_CACHE_KEY_VERSION = 'v1';

/**
 * The cache key of a tool answer: the tool, its normalized arguments, the caller's scope (role and sorted store
 * ids: callers with the same scope see the same rows) and the database. Hashed, so no argument text is stored.
 */
export function toolCacheKey(parts: { tool: string; key: unknown; role: string; storeIds: readonly number[]; databaseId: string }): string {
  const text = stableJson({
    tool: parts.tool,
    key: parts.key,
    scope: { role: parts.role, store_ids: [...parts.storeIds].sort((a, b) => a - b) },
    db: parts.databaseId,
  });
  return `tool:${TOOL_CACHE_KEY_VERSION}:${createHash('sha256').update(text).digest('hex')}`;
}

interface CachedAnswer {
  output: AnyToolOutput;
  audit: Pick<AuditFields, 'rows' | 'bytes' | 'truncated'>;
}

/** Serves tools that declare a cache policy from the cache; errors propagate and are never stored. */
export function cacheStep(options: { defaultTtlSeconds: number }): Step {
  return async ({ tool, args, ctx }, next) => {
    const policy = tool.cache;
    if (!policy) return next();
    const scope = await ctx.scopeInfo();
    const key = toolCacheKey({ tool: tool.name, key: policy.key(ctx, args), role: scope.role, storeIds: scope.storeIds, databaseId: ctx.databaseId });
    const lookup = await ctx.cache.getOrCompute<CachedAnswer>(key, policy.ttlSeconds ?? options.defaultTtlSeconds, async () => {
      const output = await next();
      const { rows, bytes, truncated } = ctx.audit;
      return { output, audit: { rows, bytes, truncated } };
    });
    if (lookup.hit) Object.assign(ctx.audit, lookup.value.audit);
    ctx.audit.cache_hit = lookup.hit;
    return lookup.value.output;
  };
}

// Each tool's output schema as a zod object, built once per process.
const outputObjects = new WeakMap<AnyToolDefinition, z.ZodType>();

/**
 * Checks a freshly computed answer against the tool's output schema, so a malformed answer is an INTERNAL_ERROR
 * (logged with the issues by errorMappingStep) and is never cached. Inside the cache: a hit serves text stored
 * after this check, so it is not checked again (the SDK would re-check every call; register.ts explains).
 */
export const outputCheckStep: Step = async ({ tool }, next) => {
  const output = await next();
  if (!tool.outputSchema) return output;
  let schema = outputObjects.get(tool);
  if (!schema) {
    schema = z.object(tool.outputSchema);
    outputObjects.set(tool, schema);
  }
  const checked = schema.safeParse(output.structured);
  if (!checked.success) throw new Error(`${tool.name} answered outside its output schema: ${z.prettifyError(checked.error)}`);
  return output;
};

/** The chain every server uses: audit outermost (it sees the final outcome), then the cache, then the output check. */
export function defaultSteps(options: { cacheTtlSeconds: number }): Step[] {
  return [auditStep, telemetryStep, performanceStep, errorMappingStep, cacheStep({ defaultTtlSeconds: options.cacheTtlSeconds }), outputCheckStep];
}
