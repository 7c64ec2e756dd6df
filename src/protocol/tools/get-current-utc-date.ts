// Tool: get_current_utc_date — today's date and time in UTC, for relative periods ("last quarter").

import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { runTool } from '../tool-result.js';
import type { ToolDeps } from './tool-deps.js';

export const getCurrentUtcDateTool = {
  name: 'get_current_utc_date',
  title: 'Current UTC date',
  description:
    'Returns the current date and time in UTC (ISO 8601). Use it to turn relative periods such as "last month" or "this year" into explicit dates before querying. Note the sample data covers 2020-01-01 to 2025-12-31.',
  inputSchema: {},
  outputSchema: { utc_datetime: z.string(), utc_date: z.string() },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: false },
} as const;

export function getCurrentUtcDateHandler(deps: ToolDeps) {
  return (): Promise<CallToolResult> =>
    runTool(deps.env, getCurrentUtcDateTool.name, async () => {
      const now = deps.now().toISOString();
      const out = { utc_datetime: now, utc_date: now.slice(0, 10) };
      return { content: [{ type: 'text', text: `Current UTC date and time: ${now}` }], structuredContent: out };
    });
}
