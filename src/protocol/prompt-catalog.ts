// Prompts in the form the MCP server needs, built once per process (as tool-catalog.ts does for tools): each
// prompt's arguments object and the prompts/list result. Registering prompts on the SDK's McpServer would rebuild
// both for every request's server, and bind each completion to the request by cloning the argument schemas (about
// a third of a cached tool call's server time); here a request only installs three handlers that close over its
// context. Same answers as the SDK's own handlers (@modelcontextprotocol/sdk 1.x, McpServer):
// test/unit/prompt-catalog.test.ts compares them with an McpServer serving the same prompts.

import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  type AnyObjectSchema,
  getObjectShape,
  getParseErrorMessage,
  getSchemaDescription,
  isSchemaOptional,
  objectFromShape,
  safeParseAsync,
} from '@modelcontextprotocol/sdk/server/zod-compat.js';
import {
  CompleteRequestSchema,
  type CompleteResult,
  ErrorCode,
  GetPromptRequestSchema,
  type ListPromptsResult,
  ListPromptsRequestSchema,
  McpError,
} from '@modelcontextprotocol/sdk/types.js';
import type { RequestContext } from '../analytics/request-context.js';
import type { AnyPromptDefinition, ResourceDefinition } from './define-prompt.js';
import type { ArgsOf, Shape } from './define-tool.js';

interface CatalogPrompt {
  readonly definition: AnyPromptDefinition;
  readonly args: AnyObjectSchema;
}

export interface PromptCatalog {
  readonly prompts: ReadonlyMap<string, CatalogPrompt>;
  /** What prompts/list answers: frozen, shared by every request. */
  readonly list: ListPromptsResult;
}

const catalogs = new WeakMap<readonly AnyPromptDefinition[], PromptCatalog>();

export function promptCatalog(definitions: readonly AnyPromptDefinition[]): PromptCatalog {
  let catalog = catalogs.get(definitions);
  if (!catalog) {
    const prompts = new Map(definitions.map((definition) => [definition.name, { definition, args: objectFromShape(definition.argsSchema) }]));
    const list = Object.freeze({
      prompts: definitions.map((definition) =>
        Object.freeze({
          name: definition.name,
          title: definition.title,
          description: definition.description,
          arguments: Object.entries(definition.argsSchema).map(([name, field]) => ({
            name,
            description: getSchemaDescription(field),
            required: !isSchemaOptional(field),
          })),
        }),
      ),
    });
    catalog = { prompts, list };
    catalogs.set(definitions, catalog);
  }
  return catalog;
}

const NO_COMPLETION: CompleteResult = { completion: { values: [], hasMore: false } };

/**
 * prompts/list, prompts/get and completion/complete for one request's server. Completions run in the caller's
 * scope; one that fails (database down) offers nothing rather than failing the client's request.
 */
export function servePrompts(server: McpServer, catalog: PromptCatalog, resources: readonly ResourceDefinition[], ctx: RequestContext): void {
  const inner = server.server;
  inner.registerCapabilities({ prompts: { listChanged: true }, completions: {} });
  inner.setRequestHandler(ListPromptsRequestSchema, () => catalog.list);
  inner.setRequestHandler(GetPromptRequestSchema, async (request) => {
    const { name } = request.params;
    const prompt = catalog.prompts.get(name);
    if (!prompt) throw new McpError(ErrorCode.InvalidParams, `Prompt ${name} not found`);
    const parsed = await safeParseAsync(prompt.args, request.params.arguments ?? {});
    if (!parsed.success) {
      throw new McpError(ErrorCode.InvalidParams, `Invalid arguments for prompt ${name}: ${getParseErrorMessage(parsed.error)}`);
    }
    const text = prompt.definition.render(parsed.data as ArgsOf<Shape>);
    return { messages: [{ role: 'user' as const, content: { type: 'text' as const, text } }] };
  });
  inner.setRequestHandler(CompleteRequestSchema, async (request): Promise<CompleteResult> => {
    const { ref, argument } = request.params;
    if (ref.type === 'ref/resource') {
      // Only fixed resources here, no templates: nothing to complete (the SDK answers the same).
      if (resources.some((r) => r.uri === ref.uri)) return NO_COMPLETION;
      throw new McpError(ErrorCode.InvalidParams, `Resource template ${ref.uri} not found`);
    }
    const prompt = catalog.prompts.get(ref.name);
    if (!prompt) throw new McpError(ErrorCode.InvalidParams, `Prompt ${ref.name} not found`);
    const complete = prompt.definition.complete?.[argument.name];
    if (!complete || !getObjectShape(prompt.args)?.[argument.name]) return NO_COMPLETION;
    const values = await complete(ctx, String(argument.value ?? '')).catch((): string[] => []);
    return { completion: { values: values.slice(0, 100), total: values.length, hasMore: values.length > 100 } };
  });
}
