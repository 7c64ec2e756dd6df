// Worker-thread side of the embedded database (see embedded-host.ts): one PGlite, fed wire-protocol bytes.
// It lives in its own thread so the main thread can stop it when a statement runs past the time limit.

import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { openEmbedded } from './embedded.js';

export interface WorkerInit {
  dataDir?: string;
  /** A dumpDataDir tarball to start from (only when dataDir is empty or unset). */
  templateFile?: string;
}

export type WorkerRequest =
  | { id: number; op: 'exec'; bytes: Uint8Array }
  | { id: number; op: 'admin'; sql: string; params?: unknown[] }
  | { id: number; op: 'close' };

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { id: number; ok: true; bytes?: Uint8Array; rows?: unknown[] }
  | { id: number; ok: false; message: string; fatal: boolean };

const port = parentPort;
if (!port) throw new Error('embedded-worker.ts must run in a worker thread');
const init = workerData as WorkerInit;

try {
  const pglite = await openEmbedded({
    ...(init.dataDir ? { dataDir: init.dataDir } : {}),
    ...(init.templateFile ? { template: new Blob([readFileSync(init.templateFile)]) } : {}),
  });

  // Strictly one request at a time, in arrival order: PGlite has one session and the raw protocol calls take no lock.
  let queue: Promise<void> = Promise.resolve();
  port.on('message', (request: WorkerRequest) => {
    queue = queue.then(() => handle(request));
  });

  async function handle(request: WorkerRequest): Promise<void> {
    try {
      if (request.op === 'exec') {
        const bytes = await pglite.execProtocolRaw(request.bytes);
        port!.postMessage({ id: request.id, ok: true, bytes } satisfies WorkerReply);
      } else if (request.op === 'admin') {
        // Ground truth for tests: PGlite's bootstrap superuser, which RLS does not apply to.
        const rows = await pglite.transaction(async (tx) => {
          await tx.query('SET LOCAL ROLE postgres');
          await tx.query('SET LOCAL search_path = retail, public');
          return (await tx.query(request.sql, request.params)).rows;
        });
        port!.postMessage({ id: request.id, ok: true, rows } satisfies WorkerReply);
      } else {
        await pglite.close();
        port!.postMessage({ id: request.id, ok: true } satisfies WorkerReply);
        port!.close();
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // An exec that throws (rather than answering with an ErrorResponse) means the WASM instance itself failed.
      port!.postMessage({ id: request.id, ok: false, message, fatal: request.op === 'exec' } satisfies WorkerReply);
    }
  }

  port.postMessage({ type: 'ready' } satisfies WorkerReply);
} catch (error) {
  port.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies WorkerReply);
}
