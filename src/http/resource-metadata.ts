// OAuth 2.0 Protected Resource Metadata (RFC 9728) and the WWW-Authenticate challenges that point at it.

import type { Runtime } from './runtime.js';

export const MCP_PATH = '/api/mcp';
export const METADATA_PATH = '/.well-known/oauth-protected-resource';

/** The public origin: PUBLIC_BASE_URL when set (behind proxies), else the request's own origin. */
export function publicOrigin(runtime: Runtime, request: Request): string {
  return (runtime.config.PUBLIC_BASE_URL ?? new URL(request.url).origin).replace(/\/$/, '');
}

export function resourceUrl(runtime: Runtime, request: Request): string {
  return `${publicOrigin(runtime, request)}${MCP_PATH}`;
}

export function metadataUrl(runtime: Runtime, request: Request): string {
  return `${publicOrigin(runtime, request)}${METADATA_PATH}${MCP_PATH}`;
}

/** The scope string a client should request: full Entra form (api://.../Sales.Read) in entra mode. */
export function advertisedScope(runtime: Runtime): string {
  const { config } = runtime;
  const audience = config.AUTH_AUDIENCE?.split(',')[0]?.trim();
  return config.authMode === 'entra' && audience && audience.startsWith('api://')
    ? `${audience.replace(/\/$/, '')}/${config.AUTH_REQUIRED_SCOPE}`
    : config.AUTH_REQUIRED_SCOPE;
}

export async function handleResourceMetadata(runtime: Runtime, request: Request): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405, headers: { Allow: 'GET' } });
  const verifier = await runtime.verifier();
  const body = {
    resource: resourceUrl(runtime, request),
    authorization_servers: [verifier.issuer],
    scopes_supported: [advertisedScope(runtime)],
    bearer_methods_supported: ['header'],
    resource_name: 'Zava Retail Analytics MCP',
    resource_documentation: `${publicOrigin(runtime, request)}/api/health`,
  };
  return Response.json(body, { headers: { 'Cache-Control': 'public, max-age=3600' } });
}

function quoted(value: string): string {
  return `"${value.replace(/["\\]/g, '')}"`;
}

export function bearerChallenge(
  runtime: Runtime,
  request: Request,
  error?: { code: 'invalid_token' | 'insufficient_scope' | 'invalid_request'; description: string },
): string {
  const parts = [`resource_metadata=${quoted(metadataUrl(runtime, request))}`];
  if (error) {
    parts.unshift(`error=${quoted(error.code)}`, `error_description=${quoted(error.description)}`);
    if (error.code === 'insufficient_scope') parts.push(`scope=${quoted(advertisedScope(runtime))}`);
  }
  return `Bearer ${parts.join(', ')}`;
}
