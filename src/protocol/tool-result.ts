// The one place where errors become MCP tool results: isError, a stable code and a next step. Stack traces and
// driver messages never reach the caller (the runner turns anything else into INTERNAL_ERROR first).

import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { AppError } from '../platform/errors.js';

export function errorResult(error: AppError): CallToolResult {
  const lines = [`Error ${error.code}: ${error.message}`];
  if (error.nextStep) lines.push(`Next step: ${error.nextStep}`);
  if (error.retryable) lines.push('This is temporary; retrying later may succeed.');
  return { isError: true, content: [{ type: 'text', text: lines.join('\n') }] };
}
