// Tool: get_current_utc_date — today's date and time in UTC, for relative periods ("last quarter").

import { z } from 'zod';
import { defineTool } from '../define-tool.js';

export const getCurrentUtcDateTool = defineTool({
  name: 'get_current_utc_date',
  title: 'Current UTC date',
  description:
    'Returns the current date and time in UTC (ISO 8601). Use it to turn relative periods such as "last month" or "this year" into explicit dates before querying. The sample data covers six years ending the day before the database was seeded.',
  inputSchema: {},
  outputSchema: { utc_datetime: z.string(), utc_date: z.string() },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  async run(ctx) {
    // The injected clock, so tests (and relative periods computed from this answer) can be pinned.
    const now = ctx.clock.now().toISOString();
    return { structured: { utc_datetime: now, utc_date: now.slice(0, 10) }, text: `Current UTC date and time: ${now}` };
  },
});
