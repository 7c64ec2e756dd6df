// The embedded database behind a watchdog. PGlite is PostgreSQL compiled to WASM: it has no timer signals, so
// statement_timeout never fires, and a query the SQL guard cannot bound (an endless recursive CTE, a huge cross
// join) would block whichever thread runs it for good. So PGlite runs in a worker thread; this host forwards
// wire-protocol messages to it and, when one runs past the statement limit, stops the worker, answers the caller
// the way PostgreSQL would (SQLSTATE 57014, "canceling statement due to statement timeout") and starts a fresh
// worker on the same data directory. Only uncommitted work is lost, exactly as with a cancelled statement.

import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { protocol, type PGlite } from '@electric-sql/pglite';
import type { Logger } from '../platform/logger.js';
import type { WorkerInit, WorkerReply, WorkerRequest } from './embedded-worker.js';

type Backend = Awaited<ReturnType<PGlite['execProtocolStream']>>[number];

export interface EmbeddedHostOptions {
  /** Data directory on disk: what a restarted worker opens again, so committed work survives a restart. */
  dataDir: string;
  /** A dumpDataDir tarball to start an empty data directory from. */
  templateFile?: string;
  /** Stop and restart the database when one batch (a simple Query, or messages up to a Sync) runs longer than this; undefined = no limit. */
  statementLimitMs?: number;
  logger?: Logger;
}

const QUERY = 0x51; // 'Q': a simple-protocol query, answered with ReadyForQuery even after an error
const SYNC = 0x53; // 'S': ends an extended-protocol sequence
/** Parse, Bind, Describe, Execute, Close: PostgreSQL answers them only at the next Sync or Flush, so they can wait for it. */
const BATCHED = new Set([0x50, 0x42, 0x44, 0x45, 0x43]);

class StatementLimitExceeded extends Error {}
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

interface Pending {
  resolve(reply: Extract<WorkerReply, { id: number }>): void;
  reject(error: Error): void;
}

export class EmbeddedHost {
  /** Current limit; set it after long maintenance work (migrations, seeding) is done. */
  statementLimitMs: number | undefined;
  /** How many times the watchdog (or a crash) replaced the worker. */
  restarts = 0;
  private worker: Worker | undefined;
  private ready!: Promise<void>;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private discardUntilSync = false;
  private batch: Uint8Array[] = [];
  private closed = false;

  private constructor(private readonly options: EmbeddedHostOptions) {
    this.statementLimitMs = options.statementLimitMs;
  }

  static async start(options: EmbeddedHostOptions): Promise<EmbeddedHost> {
    const host = new EmbeddedHost(options);
    host.ready = host.spawn(options.templateFile);
    await host.ready;
    return host;
  }

  /** Resolves when the current worker is ready (the node-postgres adapter waits on this). */
  get waitReady(): Promise<void> {
    return this.ready;
  }

  /**
   * PGlite's interface for wire-protocol clients: one frontend message in, the backend's answers out. Extended-protocol
   * messages are held until the Sync (or Flush) that ends their batch and then go to the worker together, as one
   * write goes to a server: a pipelined tool call costs one hop to the worker, not one per message. The statement
   * limit applies to each batch (a simple Query, or everything up to a Sync), which is where PGlite spends its time.
   */
  async execProtocolStream(message: Uint8Array): Promise<Backend[]> {
    await this.ready;
    const kind = message[0] ?? 0;
    // After a cancelled extended-protocol batch PostgreSQL ignores everything up to Sync; so does the new worker.
    if (this.discardUntilSync) {
      if (kind !== SYNC) return [];
      this.discardUntilSync = false;
    }
    if (BATCHED.has(kind)) {
      this.batch.push(message);
      return [];
    }
    const held = this.batch;
    this.batch = [];
    const bytes = held.length ? Buffer.concat([...held, message]) : message;
    // Whether PostgreSQL would still answer with ReadyForQuery after an error: a lone simple Query, or a batch ending in Sync.
    const endsWithReady = kind === SYNC || (kind === QUERY && held.length === 0);
    let failure: { code: string; message: string };
    try {
      const reply = await this.request({ op: 'exec', bytes }, this.statementLimitMs);
      if (reply.ok) return parseBackend(reply.bytes ?? new Uint8Array());
      if (!reply.fatal) throw new Error(reply.message);
      // The WASM instance itself failed (it threw instead of answering): it cannot serve again.
      this.replace(`the embedded database failed: ${reply.message}`);
      failure = { code: 'XX000', message: 'the embedded database failed and was restarted' };
    } catch (error) {
      if (!(error instanceof StatementLimitExceeded)) throw error;
      failure = { code: '57014', message: 'canceling statement due to statement timeout' };
    }
    if (!endsWithReady) this.discardUntilSync = true;
    return parseBackend(errorAnswer(failure.code, failure.message, endsWithReady));
  }

  /** Runs SQL as PGlite's bootstrap superuser (tests' ground truth; bypasses RLS). Never used by the server. */
  async admin<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]> {
    await this.ready;
    const reply = await this.request({ op: 'admin', sql, ...(params ? { params } : {}) }, undefined);
    if (!reply.ok) throw new Error(reply.message);
    return (reply.rows ?? []) as R[];
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.ready.catch(() => undefined);
    const worker = this.worker;
    if (!worker) return;
    await this.request({ op: 'close' }, 10_000).catch(() => undefined);
    await worker.terminate();
  }

  /** Starts a worker on the data directory; resolves when it is ready. */
  private spawn(templateFile?: string): Promise<void> {
    const entry = workerEntry();
    const init: WorkerInit = { dataDir: this.options.dataDir, ...(templateFile ? { templateFile } : {}) };
    const worker = new Worker(entry.source, { workerData: init, eval: entry.eval });
    this.worker = worker;
    const ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (reply: WorkerReply) => {
        if ('type' in reply) {
          if (reply.type === 'ready') resolve();
          else reject(new Error(`The embedded database could not start: ${reply.message}`));
          return;
        }
        const pending = this.pending.get(reply.id);
        this.pending.delete(reply.id);
        pending?.resolve(reply);
      });
      worker.on('error', (error) => {
        reject(error);
        this.failAll(new Error(`The embedded database stopped: ${error.message}`));
      });
      worker.on('exit', () => {
        if (this.worker !== worker) return;
        reject(new Error('The embedded database exited while starting.'));
        this.failAll(new Error('The embedded database stopped.'));
        // An unexpected exit (not a close and not a watchdog replacement): start again on the same data.
        if (!this.closed) this.replace('the embedded database exited unexpectedly');
      });
    });
    ready.catch(() => undefined);
    return ready;
  }

  private request(body: DistributiveOmit<WorkerRequest, 'id'>, limitMs: number | undefined) {
    const worker = this.worker;
    if (!worker || (this.closed && body.op !== 'close')) return Promise.reject(new Error('The embedded database is closed.'));
    const id = this.nextId++;
    return new Promise<Extract<WorkerReply, { id: number }>>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      this.pending.set(id, {
        resolve: (reply) => {
          if (timer) clearTimeout(timer);
          resolve(reply);
        },
        reject: (error) => {
          if (timer) clearTimeout(timer);
          reject(error);
        },
      });
      if (limitMs !== undefined) {
        timer = setTimeout(() => {
          this.pending.delete(id);
          reject(new StatementLimitExceeded());
          this.replace(`a statement ran longer than ${limitMs} ms`);
        }, limitMs);
      }
      worker.postMessage({ ...body, id } as WorkerRequest);
    });
  }

  /** Stops the current worker (mid-statement if need be) and starts a fresh one on the same data directory. */
  private replace(reason: string): void {
    const old = this.worker;
    this.worker = undefined;
    this.restarts++;
    this.options.logger?.warn('restarting the embedded database', { reason, restarts: this.restarts });
    this.failAll(new Error(`The embedded database was restarted (${reason}).`));
    this.ready = (async () => {
      // The old thread must be gone before another PGlite opens the same files.
      await old?.terminate();
      if (!this.closed) await this.spawn();
    })();
    this.ready.catch(() => undefined);
  }

  private failAll(error: Error): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(error);
  }
}

/** The worker runs compiled JavaScript, or under vitest the TypeScript source through tsx's loader. */
function workerEntry(): { source: string | URL; eval: boolean } {
  if (!import.meta.url.endsWith('.ts')) return { source: new URL('./embedded-worker.js', import.meta.url), eval: false };
  const tsxRoot = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const api = pathToFileURL(path.join(tsxRoot, 'dist', 'esm', 'api', 'index.mjs')).href;
  const entry = new URL('./embedded-worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
  return { source: bootstrap, eval: true };
}

function parseBackend(bytes: Uint8Array): Backend[] {
  const out: Backend[] = [];
  new protocol.Parser().parse(bytes, (message) => out.push(message));
  return out;
}

/** An ErrorResponse as PostgreSQL sends it (57014 on statement_timeout), plus ReadyForQuery for a simple query. */
function errorAnswer(code: string, text: string, withReadyForQuery: boolean): Uint8Array {
  const fields = [
    ['S', 'ERROR'],
    ['V', 'ERROR'],
    ['C', code],
    ['M', text],
  ];
  const body = Buffer.concat([...fields.map(([code, text]) => Buffer.from(`${code}${text}\0`, 'utf8')), Buffer.from([0])]);
  const error = Buffer.alloc(5);
  error.write('E', 0, 'ascii');
  error.writeInt32BE(body.length + 4, 1);
  const parts = [error, body];
  if (withReadyForQuery) parts.push(Buffer.from([0x5a, 0, 0, 0, 5, 0x49])); // 'Z', length 5, 'I' (idle)
  return new Uint8Array(Buffer.concat(parts));
}
