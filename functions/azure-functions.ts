// The host's library, loaded with require() rather than import: Node's ESM loader runs its CommonJS export lexer
// over this 190 KB file before evaluating it, which made an ESM import cost several times what require does at
// every cold start (about 120 vs 30 ms here; docs/performance.md, "Cold start"). Types still come from the package.

import { createRequire } from 'node:module';

export const azureFunctions = createRequire(import.meta.url)('@azure/functions') as typeof import('@azure/functions');
