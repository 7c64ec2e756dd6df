// Typed registration of tools, prompts and resources on an McpServer, without casts: the SDK is generic over zod
// raw shapes, and our definitions arrive with their shapes erased to the common `Shape` (see AnyToolDefinition).

import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { AnyPromptDefinition, ResourceDefinition } from './define-prompt.js';
import type { AnyToolDefinition, ArgsOf, Shape } from './define-tool.js';

export function registerTool(server: McpServer, tool: AnyToolDefinition, handle: (args: ArgsOf<Shape>) => Promise<CallToolResult>): void {
  server.registerTool<Shape, Shape>(
    tool.name,
    {
      title: tool.title,
      description: tool.description,
      inputSchema: tool.inputSchema,
      ...(tool.outputSchema ? { outputSchema: tool.outputSchema } : {}),
      annotations: tool.annotations,
    },
    (args) => handle(args),
  );
}

export function registerPrompt(server: McpServer, prompt: AnyPromptDefinition): void {
  server.registerPrompt<Shape>(prompt.name, { title: prompt.title, description: prompt.description, argsSchema: prompt.argsSchema }, (args) => ({
    messages: [{ role: 'user', content: { type: 'text', text: prompt.render(args) } }],
  }));
}

export function registerResource(server: McpServer, resource: ResourceDefinition): void {
  const { name, uri, title, description, mimeType } = resource;
  server.registerResource(name, uri, { title, description, mimeType }, async () => ({ contents: [{ uri, mimeType, text: resource.read() }] }));
}
