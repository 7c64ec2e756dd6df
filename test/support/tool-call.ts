// Small helpers for calling tools through the MCP client and reading their results.

import type { Client } from '@modelcontextprotocol/sdk/client/index.js';

export interface ToolOutcome {
  isError: boolean;
  text: string;
  structured: Record<string, unknown> | undefined;
}

export async function callTool(client: Client, name: string, args: Record<string, unknown> = {}): Promise<ToolOutcome> {
  const result = await client.callTool({ name, arguments: args });
  const content = (result.content ?? []) as Array<{ type: string; text?: string }>;
  return {
    isError: result.isError === true,
    text: content.map((c) => c.text ?? '').join('\n'),
    structured: result.structuredContent as Record<string, unknown> | undefined,
  };
}

/** Runs SQL through execute_sales_query and returns its rows (throws with the tool's message on error). */
export async function sqlRows(client: Client, sql: string, maxRows?: number): Promise<Array<Record<string, unknown>>> {
  const out = await callTool(client, 'execute_sales_query', { postgresql_query: sql, ...(maxRows ? { max_rows: maxRows } : {}) });
  if (out.isError) throw new Error(out.text);
  return rowObjects(out.structured);
}

/** execute_sales_query's structured rows (arrays in column order) as objects keyed by column name. */
export function rowObjects(structured: Record<string, unknown> | undefined): Array<Record<string, unknown>> {
  const columns = (structured?.columns ?? []) as Array<{ name: string }>;
  const rows = (structured?.rows ?? []) as unknown[][];
  return rows.map((row) => Object.fromEntries(columns.map((c, i) => [c.name, row[i]])));
}
