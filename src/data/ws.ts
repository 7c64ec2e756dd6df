// The `ws` package, loaded with require: imported as an ES module it goes through its wrapper.mjs, and Node's
// ES-module loader then scans each of its CommonJS files for exports (about 130 KB, 10-15 ms of a cold start).
// Needed only for the local bridge and on Node without a global WebSocket.

import { createRequire } from 'node:module';

type WsModule = typeof import('ws');
/** What require('ws') returns: the WebSocket class, with the server class as a static. */
export type Ws = WsModule['default'] & { WebSocketServer: WsModule['WebSocketServer'] };

export function loadWs(): Ws {
  return createRequire(import.meta.url)('ws') as Ws;
}
