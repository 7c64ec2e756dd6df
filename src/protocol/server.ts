// The MCP server factory: registers the tools, resources and prompts for one request's caller. No I/O here;
// building it is cheap, which is what a stateless endpoint needs (a new server per request): what does not depend
// on the request (tool schemas, the tools/list and prompts/list results) is built once per process.

import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { jsonSchemaValidator as JsonSchemaValidatorProvider } from '@modelcontextprotocol/sdk/validation/types.js';
import type { RequestContext } from '../analytics/request-context.js';
import type { AnyPromptDefinition, ResourceDefinition } from './define-prompt.js';
import type { AnyToolDefinition } from './define-tool.js';
import { ANALYSIS_PROMPTS } from './prompts/analysis-prompts.js';
import { promptCatalog, servePrompts } from './prompt-catalog.js';
import { registerResource, registerTool } from './register.js';
import { analystGuideResource } from './resources/analyst-guide.js';
import { FIGURE_DEFINITION_RESOURCES } from './resources/figure-definitions.js';
import { myScopeResource } from './resources/my-scope.js';
import { performanceSummaryResource } from './resources/performance-summary.js';
import { toolCatalog } from './tool-catalog.js';
import type { ToolRunner } from './tool-runner.js';
import { toolDefinitions } from './tools/index.js';

export const SERVER_INFO = { name: 'zava-retail-analytics', version: '0.1.0' } as const;

const INSTRUCTIONS = [
  'Zava Retail sales analytics (a DIY/hardware chain: 7 stores in Washington and 1 online store).',
  'For business questions use the analytics tools first: get_store_performance, get_sales_trends, get_top_products, get_inventory_alerts, get_customer_insights and compare_stores answer in one call with exact figures (periods such as last_month, 2025-Q3).',
  'For anything else, read get_multiple_table_schemas, then use execute_sales_query (read-only SQL).',
  'Use semantic_search_products to find products by purpose (find_similar_products for look-alikes), and get_current_utc_date for relative periods.',
  'You only see data for the stores you are allowed to; the database enforces it.',
].join(' ');

const RESOURCES = [analystGuideResource, myScopeResource, ...FIGURE_DEFINITION_RESOURCES, performanceSummaryResource];

export interface McpServerOptions {
  /** Every tool call goes through it (audit, telemetry, cache, error mapping). */
  runner: ToolRunner;
  /** Defaults to the product's tools for the context's limits. */
  tools?: readonly AnyToolDefinition[];
  resources?: readonly ResourceDefinition[];
  prompts?: readonly AnyPromptDefinition[];
}

// The SDK builds an Ajv instance for every server otherwise (about 1 ms; 10 in a fresh process). A server uses it
// only to check what a client answers to an elicitation (Server.elicitInput), which this one never sends; so no
// Ajv at all, and the bundle leaves it out (scripts/bundle-functions.ts, OMITTED).
const jsonSchemaValidator: JsonSchemaValidatorProvider = {
  getValidator: () => {
    throw new Error('This server sends no elicitation requests, so it validates no client answers against a JSON Schema.');
  },
};

export function createMcpServer(ctx: RequestContext, options: McpServerOptions): McpServer {
  const server = new McpServer(SERVER_INFO, {
    instructions: INSTRUCTIONS,
    capabilities: { tools: {}, resources: {}, prompts: {} },
    jsonSchemaValidator,
  });
  const catalog = toolCatalog(options.tools ?? toolDefinitions(ctx.limits));
  for (const tool of catalog.tools) {
    registerTool(server, tool, (args) => options.runner.run(tool.definition, args, ctx));
  }
  // Replaces the SDK's tools/list handler (registered with the first tool), which converts every schema again on
  // each call, with the catalog's list: the same tools, converted once per process by the same SDK functions.
  server.server.setRequestHandler(ListToolsRequestSchema, () => catalog.list);
  const resources = options.resources ?? RESOURCES;
  for (const resource of resources) registerResource(server, resource, ctx);
  servePrompts(server, promptCatalog(options.prompts ?? ANALYSIS_PROMPTS), resources, ctx);
  return server;
}
