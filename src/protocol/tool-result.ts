// The one place where tool outcomes become MCP results: errors get isError, a stable code and a next step;
// every call leaves one audit event. Stack traces and driver messages never reach the caller.

import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { AppError, InternalError } from '../platform/errors.js';
import type { Logger } from '../platform/logger.js';

export interface AuditFields {
  /** The guard's shape fingerprint (constants removed): groups the same query with different values. */
  sql_fingerprint?: string;
  /** First 128 bits of the SHA-256 of the exact text: present for every call, refused ones included. */
  sql_sha256?: string;
  rows?: number;
  bytes?: number;
  truncated?: boolean;
  round_trips?: number;
}

export interface ToolCallEnv {
  principalId: string;
  logger: Logger;
}

export function errorResult(error: AppError): CallToolResult {
  const lines = [`Error ${error.code}: ${error.message}`];
  if (error.nextStep) lines.push(`Next step: ${error.nextStep}`);
  if (error.retryable) lines.push('This is temporary; retrying later may succeed.');
  return { isError: true, content: [{ type: 'text', text: lines.join('\n') }] };
}

/** Runs a tool body, turning any failure into an error result and logging one audit event. */
export async function runTool(env: ToolCallEnv, tool: string, body: (audit: AuditFields) => Promise<CallToolResult>): Promise<CallToolResult> {
  const started = performance.now();
  const audit: AuditFields = {};
  let outcome = 'ok';
  try {
    return await body(audit);
  } catch (error) {
    const appError =
      error instanceof AppError
        ? error
        : new InternalError('The tool failed unexpectedly.', { nextStep: 'Retry once; if it fails again, report it.', cause: error });
    outcome = appError.code;
    if (!(error instanceof AppError)) env.logger.error('unexpected tool failure', { tool, error });
    return errorResult(appError);
  } finally {
    env.logger.info('tool_call', {
      audit: true,
      principal: env.principalId,
      tool,
      ...audit,
      duration_ms: Math.round(performance.now() - started),
      outcome,
    });
  }
}
