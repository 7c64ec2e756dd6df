// The MCP server factory: registers the tools for one request's caller. No I/O here; building it is cheap,
// which is what a stateless endpoint needs (a new server per request).

import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ANALYSIS_PROMPTS } from './prompts/analysis-prompts.js';
import { ANALYST_GUIDE, analystGuideResource } from './resources/analyst-guide.js';
import { executeSalesQueryHandler, executeSalesQueryTool } from './tools/execute-sales-query.js';
import { getCurrentUtcDateHandler, getCurrentUtcDateTool } from './tools/get-current-utc-date.js';
import { findSimilarProductsHandler, findSimilarProductsTool } from './tools/find-similar-products.js';
import { getTableSchemasHandler, getTableSchemasTool } from './tools/get-table-schemas.js';
import { semanticSearchProductsHandler, semanticSearchProductsTool } from './tools/semantic-search-products.js';
import type { ToolDeps } from './tools/tool-deps.js';

export const SERVER_INFO = { name: 'zava-retail-analytics', version: '0.1.0' } as const;

const INSTRUCTIONS = [
  'Zava Retail sales analytics (a DIY/hardware chain: 7 stores in Washington and 1 online store).',
  'Start with get_multiple_table_schemas, then answer questions with execute_sales_query (read-only SQL).',
  'Use semantic_search_products to find products by purpose (find_similar_products for look-alikes), and get_current_utc_date for relative periods.',
  'You only see data for the stores you are allowed to; the database enforces it.',
].join(' ');

type Registrable = { name: string; title: string; description: string; inputSchema: object; outputSchema?: object; annotations: object };

export function createMcpServer(deps: ToolDeps): McpServer {
  const server = new McpServer(SERVER_INFO, { instructions: INSTRUCTIONS, capabilities: { tools: {}, resources: {}, prompts: {} } });
  const register = (tool: Registrable, handler: (...args: never[]) => unknown) => {
    const { name, ...config } = tool;
    server.registerTool(name, config as never, handler as never);
  };
  register(executeSalesQueryTool(deps.service.limits), executeSalesQueryHandler(deps));
  register(getTableSchemasTool, getTableSchemasHandler(deps));
  register(semanticSearchProductsTool, semanticSearchProductsHandler(deps));
  register(findSimilarProductsTool, findSimilarProductsHandler(deps));
  register(getCurrentUtcDateTool, getCurrentUtcDateHandler(deps));

  const { name, uri, ...metadata } = analystGuideResource;
  server.registerResource(name, uri, metadata, async () => ({ contents: [{ uri, mimeType: metadata.mimeType, text: ANALYST_GUIDE }] }));
  for (const prompt of ANALYSIS_PROMPTS) {
    const render = prompt.render as (args: Record<string, string | undefined>) => string;
    const config = { title: prompt.title, description: prompt.description, argsSchema: prompt.argsSchema };
    server.registerPrompt(
      prompt.name,
      config as never,
      ((args: Record<string, string | undefined>) => ({
        messages: [{ role: 'user' as const, content: { type: 'text' as const, text: render(args) } }],
      })) as never,
    );
  }
  return server;
}
