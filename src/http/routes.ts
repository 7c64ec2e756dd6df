// Every HTTP route of the product, as web-standard handlers. The Azure Functions adapters (functions/) and the
// local host (src/local/) both serve exactly this table.

import { handleHealth } from './health.js';
import { handleMcp } from './mcp-handler.js';
import { handleReadiness } from './readiness.js';
import { METADATA_PATH, handleResourceMetadata } from './resource-metadata.js';
import type { Runtime } from '../app/runtime.js';

export interface RouteDef {
  name: string;
  /** Azure Functions route template (host.json sets routePrefix to ""). */
  route: string;
  methods: Array<'GET' | 'POST' | 'DELETE' | 'HEAD'>;
  /** Matches a request path for the local host. */
  matches(pathname: string): boolean;
  handle(runtime: Runtime, request: Request): Promise<Response>;
}

export const ROUTES: RouteDef[] = [
  {
    name: 'mcp',
    route: 'api/mcp',
    methods: ['POST', 'GET', 'DELETE'],
    matches: (p) => p === '/api/mcp' || p === '/api/mcp/',
    handle: handleMcp,
  },
  {
    name: 'health',
    route: 'api/health',
    methods: ['GET'],
    matches: (p) => p === '/api/health',
    handle: async () => handleHealth(),
  },
  {
    name: 'ready',
    route: 'api/health/ready',
    methods: ['GET'],
    matches: (p) => p === '/api/health/ready',
    handle: handleReadiness,
  },
  {
    name: 'protectedResourceMetadata',
    route: '.well-known/oauth-protected-resource/{*rest}',
    methods: ['GET', 'HEAD'],
    matches: (p) => p === METADATA_PATH || p.startsWith(`${METADATA_PATH}/`),
    handle: handleResourceMetadata,
  },
];
