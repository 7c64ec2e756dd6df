// A tool list in the form the MCP server needs, built once per process: each tool's zod objects and the
// tools/list result (the zod -> JSON Schema conversion). The SDK's McpServer would redo both for every request's
// server; the list is the same for every request of a process, so only the per-request handlers remain.

import { normalizeObjectSchema, objectFromShape, type AnyObjectSchema } from '@modelcontextprotocol/sdk/server/zod-compat.js';
import { toJsonSchemaCompat } from '@modelcontextprotocol/sdk/server/zod-json-schema-compat.js';
import type { ListToolsResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { AnyToolDefinition } from './define-tool.js';

export interface CatalogTool {
  readonly definition: AnyToolDefinition;
  /** The input schema as the SDK would build it from the raw shape at registration. */
  readonly input: AnyObjectSchema;
  readonly output: AnyObjectSchema | undefined;
}

export interface ToolCatalog {
  readonly tools: readonly CatalogTool[];
  /** What tools/list answers: deeply frozen, shared by every request. */
  readonly list: ListToolsResult;
}

// Keyed by the list itself: toolDefinitions() returns the same array for the same limits.
const catalogs = new WeakMap<readonly AnyToolDefinition[], ToolCatalog>();

/** The catalog of a tool list, built on first use and kept while the list is referenced. */
export function toolCatalog(definitions: readonly AnyToolDefinition[]): ToolCatalog {
  let catalog = catalogs.get(definitions);
  if (!catalog) {
    const tools = definitions.map((definition) => ({
      definition,
      input: objectFromShape(definition.inputSchema),
      output: definition.outputSchema ? objectFromShape(definition.outputSchema) : undefined,
    }));
    catalog = { tools, list: deepFreeze({ tools: tools.map(listEntry) }) };
    catalogs.set(definitions, catalog);
  }
  return catalog;
}

// The SDK's own tools/list mapping (McpServer, @modelcontextprotocol/sdk 1.x), with its helpers and options;
// test/unit/tool-catalog.test.ts compares the result with what an McpServer lists for the same tools.
const EMPTY_OBJECT_JSON_SCHEMA = { type: 'object' as const, properties: {} };

function listEntry({ definition, input, output }: CatalogTool): Tool {
  const inputObject = normalizeObjectSchema(input);
  const outputObject = output ? normalizeObjectSchema(output) : undefined;
  return {
    name: definition.name,
    title: definition.title,
    description: definition.description,
    inputSchema: (inputObject
      ? toJsonSchemaCompat(inputObject, { strictUnions: true, pipeStrategy: 'input' })
      : EMPTY_OBJECT_JSON_SCHEMA) as Tool['inputSchema'],
    annotations: { ...definition.annotations }, // a copy: the list is frozen, the definitions are not
    execution: { taskSupport: 'forbidden' },
    ...(outputObject
      ? { outputSchema: toJsonSchemaCompat(outputObject, { strictUnions: true, pipeStrategy: 'output' }) as NonNullable<Tool['outputSchema']> }
      : {}),
  };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
