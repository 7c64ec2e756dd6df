// Graceful shutdown of the real local host: `node dist/src/local/main.js` as a child process (the build this
// test makes), SIGTERM while a tool call is in flight: the call is answered, the listener is already closed to new
// connections, and the process exits 0 within the shutdown bound.

import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDevIssuer } from '../../src/auth/dev-issuer.js';
import { packageRoot } from '../../src/platform/paths.js';
import { PRINCIPALS } from '../../src/seed/stores.js';
import { rowObjects } from '../support/tool-call.js';

const root = packageRoot();
const dir = mkdtempSync(path.join(os.tmpdir(), 'zava-shutdown-'));
const keyFile = path.join(dir, 'dev-issuer.json');

interface Running {
  child: ChildProcess;
  url: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  output: () => string;
}

/** Starts the built local host on a free port over a small embedded database; resolves once it listens. */
async function startHost(dataDir: string): Promise<Running> {
  const child = spawn(process.execPath, [path.join(root, 'dist', 'src', 'local', 'main.js')], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? os.tmpdir(),
      PORT: '0',
      AUTH_MODE: 'dev',
      DEV_ISSUER_KEY_FILE: keyFile,
      PGLITE_DATA_DIR: dataDir,
      SEED_SCALE: '0.005',
      LOG_LEVEL: 'info',
      SHUTDOWN_TIMEOUT_MS: '10000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: performance.now() })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start in time:\n${output}`)), 150_000);
    const onData = () => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)\/api\/mcp/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    void exited.then(() => reject(new Error(`host exited while starting:\n${output}`)));
  });
  return { child, url, exited, output: () => output };
}

function canConnect(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('graceful shutdown of node dist/src/local/main.js', () => {
  let token: string;

  beforeAll(async () => {
    // The test runs what `npm start` runs: the compiled output.
    execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
      cwd: root,
      stdio: 'pipe',
    });
    const issuer = await loadDevIssuer(keyFile);
    token = await issuer.issue({ sub: PRINCIPALS.headoffice.principalId, name: PRINCIPALS.headoffice.displayName });
  }, 180_000);

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('SIGTERM with a call in flight: the call is answered and the process exits 0', async () => {
    const host = await startHost(path.join(dir, 'pglite-a'));
    const body = JSON.stringify({
      jsonrpc: '2.0',
      id: 7,
      method: 'tools/call',
      params: { name: 'execute_sales_query', arguments: { postgresql_query: 'SELECT count(*)::int AS orders FROM retail.orders' } },
    });
    const { hostname, port } = new URL(host.url);
    // The request is in flight from its headers on: half the body now, the rest after the signal.
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(
        {
          host: hostname,
          port: Number(port),
          path: '/api/mcp',
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            accept: 'application/json, text/event-stream',
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (d: Buffer) => {
            text += d.toString();
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 40));
      setTimeout(() => {
        host.child.kill('SIGTERM');
        signalledAt = performance.now();
        setTimeout(async () => {
          listenerOpenDuringDrain = await canConnect(host.url);
          req.end(body.slice(40));
        }, 500);
      }, 300);
    });
    let signalledAt = 0;
    let listenerOpenDuringDrain: boolean | undefined;

    const { status, text } = await answer;
    const exit = await host.exited;
    const shutdownMs = exit.at - signalledAt;
    process.stderr.write(`shutdown: exited ${exit.code} ${Math.round(shutdownMs)} ms after SIGTERM (call held 500 ms)\n`);
    expect(status, host.output()).toBe(200);
    const reply = JSON.parse(text) as { id: number; result?: { isError?: boolean; structuredContent?: Record<string, unknown> } };
    expect(reply.id).toBe(7);
    expect(reply.result?.isError).toBeFalsy();
    expect(rowObjects(reply.result?.structuredContent)[0]?.orders).toBeGreaterThan(0);
    expect(listenerOpenDuringDrain).toBe(false);
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(shutdownMs).toBeLessThan(10_000);
    expect(host.output()).toMatch(/shutdown complete/);
    expect(host.output()).toMatch(/"drained":true/);
  }, 200_000);

  it('SIGINT when idle exits 0 promptly', async () => {
    const host = await startHost(path.join(dir, 'pglite-a'));
    const started = performance.now();
    host.child.kill('SIGINT');
    const exit = await host.exited;
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.at - started).toBeLessThan(5000);
  }, 200_000);
});
