// OAuth 2.0 Protected Resource Metadata (RFC 9728) and the WWW-Authenticate challenges that point at it.

import type { Runtime } from '../app/runtime.js';

export const MCP_PATH = '/api/mcp';
export const METADATA_PATH = '/.well-known/oauth-protected-resource';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
  if (config.authMode !== 'entra' || !audience) return config.AUTH_REQUIRED_SCOPE;
  // Entra scopes are requested as <Application ID URI>/<scope>; a bare client id maps to api://<client id>.
  const uri = audience.startsWith('api://') ? audience.replace(/\/$/, '') : GUID.test(audience) ? `api://${audience}` : undefined;
  return uri ? `${uri}/${config.AUTH_REQUIRED_SCOPE}` : config.AUTH_REQUIRED_SCOPE;
}

export async function handleResourceMetadata(runtime: Runtime, request: Request): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405, headers: { Allow: 'GET' } });
  const verifier = await runtime.verifier();
  // RFC 9728 section 3.3: the document at the root describes the origin; the path-suffixed one the MCP endpoint.
  const atRoot = new URL(request.url).pathname.replace(/\/$/, '') === METADATA_PATH;
  const body = {
    resource: atRoot ? publicOrigin(runtime, request) : resourceUrl(runtime, request),
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
