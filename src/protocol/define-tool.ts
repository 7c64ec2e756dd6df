// Tools as data: one typed definition per tool (metadata, zod schemas, cache policy, run). `args` is inferred from
// the input schema and the structured result is checked against the output schema, so nothing is written twice.

import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import type { RequestContext } from '../analytics/request-context.js';

/** Fields of the audit event a tool may fill in (the runner adds principal, tool, duration and outcome). */
export interface AuditFields {
  /** The guard's shape fingerprint (constants removed): groups the same query with different values. */
  sql_fingerprint?: string;
  /** First 128 bits of the SHA-256 of the exact text: present for every call, refused ones included. */
  sql_sha256?: string;
  rows?: number;
  bytes?: number;
  truncated?: boolean;
  round_trips?: number;
  cache_hit?: boolean;
}

/** What `run` receives: the request's context plus this call's audit record. */
export interface ToolContext extends RequestContext {
  readonly audit: AuditFields;
}

export type Shape = z.ZodRawShape;
export type ArgsOf<I extends Shape> = z.infer<z.ZodObject<I>>;

export interface ToolOutput<O> {
  /** Becomes `structuredContent`; must match the output schema. */
  structured: O;
  /** The compact text rendering models read (keep it under about 2 KB for business tools). */
  text: string;
}

export interface CachePolicy<I extends Shape> {
  /** Seconds to keep an answer; defaults to CACHE_TTL_SECONDS. */
  ttlSeconds?: number;
  /**
   * The normalized arguments the answer depends on (resolved dates, normalized store names...). The runner adds the
   * tool name, the caller's scope (role and sorted store ids) and the database namespace; never the principal alone.
   */
  key(ctx: ToolContext, args: ArgsOf<I>): unknown;
}

export interface ToolDefinition<I extends Shape, O extends Shape = Shape> {
  name: string;
  title: string;
  /** Written for the model: what the tool answers, when to use it, its limits. */
  description: string;
  inputSchema: I;
  /** Omitted only by tools published without one (adding it later changes what clients see and validate). */
  outputSchema?: O;
  annotations: ToolAnnotations;
  /** Present on tools whose answers may be served from the cache. */
  cache?: CachePolicy<I>;
  run(ctx: ToolContext, args: ArgsOf<I>): Promise<ToolOutput<z.infer<z.ZodObject<O>>>>;
}

/** Identity at runtime; exists for inference, so each tool file states its types exactly once. */
export function defineTool<I extends Shape, O extends Shape = Shape>(definition: ToolDefinition<I, O>): ToolDefinition<I, O> {
  return definition;
}

/**
 * A tool with its types erased, as the tool list and the runner hold it. Sound because the SDK validates the
 * arguments against the tool's own input schema before the runner passes them to `run`.
 */
export type AnyToolDefinition = ToolDefinition<Shape, Shape>;

/** What a step of the runner passes along: any tool's output. */
export type AnyToolOutput = ToolOutput<Record<string, unknown>>;
