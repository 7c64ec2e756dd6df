// The host's library, loaded with require() rather than import: Node's ESM loader runs its CommonJS export lexer
// over this 190 KB file before evaluating it, which made an ESM import cost about 50 ms of every cold start
// against about 13 ms for require (docs/performance.md, "Cold start"). Types still come from the package.

import { createRequire } from 'node:module';

export const azureFunctions = createRequire(import.meta.url)('@azure/functions') as typeof import('@azure/functions');
