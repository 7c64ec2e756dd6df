// Typed registration of tools, prompts and resources on an McpServer: the SDK is generic over zod schemas, and our
// definitions arrive with their shapes erased to the common `Shape` (see AnyToolDefinition).

import { completable } from '@modelcontextprotocol/sdk/server/completable.js';
import { ZodOptional, z } from 'zod';
import { clone, type $ZodType } from 'zod/v4/core';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { AnyObjectSchema } from '@modelcontextprotocol/sdk/server/zod-compat.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { RequestContext } from '../analytics/request-context.js';
import type { AnyPromptDefinition, ResourceDefinition } from './define-prompt.js';
import type { ArgsOf, Shape } from './define-tool.js';
import type { CatalogTool } from './tool-catalog.js';

/** Registers a catalog tool with the zod objects built for the process, so the SDK builds none per request. */
export function registerTool(server: McpServer, tool: CatalogTool, handle: (args: ArgsOf<Shape>) => Promise<CallToolResult>): void {
  const { definition } = tool;
  server.registerTool<AnyObjectSchema, AnyObjectSchema>(
    definition.name,
    {
      title: definition.title,
      description: definition.description,
      inputSchema: tool.input,
      ...(tool.output ? { outputSchema: tool.output } : {}),
      annotations: definition.annotations,
    },
    // The SDK has parsed the arguments with the tool's own input schema (the object built from its shape).
    (args: ArgsOf<Shape>) => handle(args),
  );
}

export function registerPrompt(server: McpServer, prompt: AnyPromptDefinition, ctx: RequestContext): void {
  const completers = prompt.complete ?? {};
  const argsSchema: Shape = Object.fromEntries(
    Object.entries(prompt.argsSchema).map(([name, schema]) => {
      const complete = completers[name];
      if (!complete) return [name, schema];
      // A completion that fails (database down) offers nothing rather than failing the client's request.
      const callback = (typed: unknown) => complete(ctx, String(typed ?? '')).catch((): string[] => []);
      return [name, withCompletion(schema, callback)];
    }),
  );
  server.registerPrompt<Shape>(prompt.name, { title: prompt.title, description: prompt.description, argsSchema }, (args) => ({
    messages: [{ role: 'user', content: { type: 'text', text: prompt.render(args) } }],
  }));
}

export function registerResource(server: McpServer, resource: ResourceDefinition, ctx: RequestContext): void {
  const { name, uri, title, description, mimeType } = resource;
  server.registerResource(name, uri, { title, description, mimeType }, async () => ({
    contents: [{ uri, mimeType, text: await resource.read(ctx) }],
  }));
}

/**
 * completable() marks the schema object itself, so each request marks its own copy. The SDK looks for the mark
 * inside an optional when registering and on the field itself when completing, so an optional is marked on both.
 */
function withCompletion(schema: $ZodType, callback: (typed: unknown) => Promise<string[]>): $ZodType {
  if (schema instanceof ZodOptional) {
    const inner = completable(clone(schema.unwrap()), callback);
    const optional = z.optional(inner);
    return completable(schema.description ? optional.describe(schema.description) : optional, callback);
  }
  return completable(clone(schema), callback);
}
