// Typed registration of tools and resources on an McpServer (prompts: prompt-catalog.ts): the SDK is generic over zod schemas, and our
// definitions arrive with their shapes erased to the common `Shape` (see AnyToolDefinition).

import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { AnyObjectSchema } from '@modelcontextprotocol/sdk/server/zod-compat.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { RequestContext } from '../analytics/request-context.js';
import type { ResourceDefinition } from './define-prompt.js';
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
      // No outputSchema here: the runner checks each computed answer once (outputCheckStep), where the SDK would
      // parse every answer again, cache hits included (about 0.5 ms for a 400-row trend). tools/list still shows
      // it: that list is the catalog's.
      annotations: definition.annotations,
    },
    // The SDK has parsed the arguments with the tool's own input schema (the object built from its shape).
    (args: ArgsOf<Shape>) => handle(args),
  );
}

export function registerResource(server: McpServer, resource: ResourceDefinition, ctx: RequestContext): void {
  const { name, uri, title, description, mimeType } = resource;
  server.registerResource(name, uri, { title, description, mimeType }, async () => ({
    contents: [{ uri, mimeType, text: await resource.read(ctx) }],
  }));
}
