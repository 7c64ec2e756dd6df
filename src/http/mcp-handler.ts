// POST /api/mcp: verify the bearer token, then a new MCP server and stateless transport for this request.

import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { randomUUID } from 'node:crypto';
import type { Principal } from '../auth/principal.js';
import type { DatabaseHandle } from '../data/open-database.js';
import { InsufficientScopeError, SigningKeysUnavailableError } from '../auth/verify-token.js';
import { createRequestContext } from '../app/request-context.js';
import { traceMcpRequests } from '../protocol/request-spans.js';
import { createMcpServer } from '../protocol/server.js';
import { createToolRunner, defaultSteps } from '../protocol/tool-runner.js';
import { AppError, AuthenticationError } from '../platform/errors.js';
import { bearerChallenge } from './resource-metadata.js';
import type { Runtime } from '../app/runtime.js';

const MAX_BODY_BYTES = 1_000_000;

function jsonError(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ error: code, error_description: message }, { status, headers });
}

async function authenticate(runtime: Runtime, request: Request): Promise<Principal | Response> {
  const header = request.headers.get('authorization');
  if (!header || !/^Bearer(\s|$)/i.test(header)) {
    return jsonError(401, 'unauthorized', 'This endpoint needs "Authorization: Bearer <token>".', {
      'WWW-Authenticate': bearerChallenge(runtime, request),
    });
  }
  const match = /^Bearer\s+([A-Za-z0-9\-_=]+\.[A-Za-z0-9\-_=]+\.?[A-Za-z0-9\-_.+/=]*)\s*$/i.exec(header);
  try {
    if (!match?.[1]) throw new AuthenticationError('The Authorization header is not a well-formed bearer token.');
    return await (await runtime.verifier()).verify(match[1]);
  } catch (error) {
    if (error instanceof SigningKeysUnavailableError) {
      runtime.logger.warn('signing keys unavailable', { error });
      return jsonError(503, 'temporarily_unavailable', error.message, { 'Retry-After': '10' });
    }
    if (error instanceof InsufficientScopeError) {
      return jsonError(403, 'insufficient_scope', error.message, {
        'WWW-Authenticate': bearerChallenge(runtime, request, { code: 'insufficient_scope', description: error.message }),
      });
    }
    const message = error instanceof AppError ? error.message : 'The access token could not be verified.';
    return jsonError(401, 'invalid_token', message, {
      'WWW-Authenticate': bearerChallenge(runtime, request, { code: 'invalid_token', description: message }),
    });
  }
}

export async function handleMcp(runtime: Runtime, request: Request): Promise<Response> {
  if (request.method !== 'POST') {
    // Stateless: no server-initiated stream (GET) and no session to delete (DELETE).
    return jsonError(405, 'method_not_allowed', 'This MCP endpoint is stateless: send JSON-RPC with POST.', { Allow: 'POST' });
  }
  const principal = await authenticate(runtime, request);
  if (principal instanceof Response) return principal;

  const length = Number(request.headers.get('content-length') ?? '0');
  if (length > MAX_BODY_BYTES) return jsonError(413, 'payload_too_large', `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`);

  let handle: DatabaseHandle;
  try {
    handle = await runtime.database();
  } catch (error) {
    runtime.logger.error('database unavailable', { error });
    const message = error instanceof AppError ? error.message : 'The database is unavailable.';
    return jsonError(503, 'service_unavailable', message, { 'Retry-After': '30' });
  }

  const requestId = request.headers.get('x-request-id') ?? randomUUID();
  const logger = runtime.logger.child({ request_id: requestId });
  const ctx = createRequestContext(runtime, { principal, database: handle, logger, requestSignal: request.signal });
  const server = createMcpServer(ctx, { runner: createToolRunner(defaultSteps({ cacheTtlSeconds: runtime.config.CACHE_TTL_SECONDS })) });
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  try {
    await server.connect(transport);
    traceMcpRequests(transport, runtime.telemetry, request.headers.get('mcp-protocol-version'));
    // Spans of this request (tool calls, database) continue the caller's W3C trace when it sends traceparent.
    return await runtime.telemetry.withIncomingContext(request.headers, () =>
      transport.handleRequest(request, {
        authInfo: { token: '', clientId: principal.id, scopes: principal.scopes, extra: { kind: principal.kind } },
      }),
    );
  } catch (error) {
    logger.error('mcp request failed', { error });
    return Response.json({ jsonrpc: '2.0', id: null, error: { code: -32603, message: 'Internal error' } }, { status: 500 });
  } finally {
    await server.close().catch(() => undefined);
  }
}
