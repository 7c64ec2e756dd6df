// A local HTTP stand-in for Azure OpenAI embeddings (real wire protocol), with scriptable faults and a request log.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeDeployment {
  /** Model reported in responses; 'text-embedding-3-*' models accept `dimensions`, others answer 400 to it. */
  model: string;
  /** Vector length when the request has no `dimensions`. */
  nativeDimensions: number;
}

/** One scripted behaviour, consumed by the next request (first in, first out). */
export interface FakeFault {
  /** Answer with this status and Azure's error JSON (unless `body` is given). */
  status?: number;
  retryAfterSeconds?: number;
  retryAfterMs?: number;
  body?: unknown;
  /** Wait this long before answering (with `status`, or normally). */
  delayMs?: number;
  /** Destroy the socket without answering (a network error). */
  dropConnection?: boolean;
  /** Answer normally but with vectors of this length. */
  wrongDimensions?: number;
}

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body (undefined when it was not JSON). */
  body: unknown;
}

export interface FakeAzureOpenAIOptions {
  /** Deployment name -> model. Default: { 'text-embedding-3-small': text-embedding-3-small, 1536 }. */
  deployments?: Record<string, FakeDeployment>;
  /** Accepted `api-key` header value. */
  apiKey?: string;
  /** Accepted `Authorization: Bearer` token. */
  bearerToken?: string;
}

export interface RunningFake {
  /** The resource endpoint, e.g. http://127.0.0.1:12345 (clients append /openai/...). */
  url: string;
  close(): Promise<void>;
}

const MAX_INPUTS = 2048;

/** The vector the fake returns for `text`: deterministic, unit length, float32-exact (as base64 decoding yields). */
export function fakeEmbedding(text: string, dimensions: number): number[] {
  // mulberry32 seeded by FNV-1a of the text.
  let seed = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) seed = Math.imul(seed ^ text.charCodeAt(i), 0x01000193) >>> 0;
  const next = (): number => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const raw = Array.from({ length: dimensions }, () => next() * 2 - 1);
  const norm = Math.sqrt(raw.reduce((sum, v) => sum + v * v, 0)) || 1;
  return raw.map((v) => Math.fround(v / norm));
}

function toBase64Float32(vector: readonly number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((value, i) => {
    bytes.writeFloatLE(value, i * 4);
  });
  return bytes.toString('base64');
}

export class FakeAzureOpenAI {
  /** Every request received, in order (including faulted ones). */
  readonly requests: RecordedRequest[] = [];
  private readonly faults: FakeFault[] = [];
  private readonly deployments: Record<string, FakeDeployment>;
  private readonly apiKey: string | undefined;
  private readonly bearerToken: string | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(options: FakeAzureOpenAIOptions = {}) {
    this.deployments = options.deployments ?? { 'text-embedding-3-small': { model: 'text-embedding-3-small', nativeDimensions: 1536 } };
    this.apiKey = options.apiKey;
    this.bearerToken = options.bearerToken;
  }

  /** Queues faults for the next requests, one per request. */
  enqueue(...faults: FakeFault[]): this {
    this.faults.push(...faults);
    return this;
  }

  /** Requests that reached the embeddings route. */
  get embeddingRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path.endsWith('/embeddings'));
  }

  async start(): Promise<RunningFake> {
    const server = createServer((req, res) => {
      void this.handle(req, res).catch(() => {
        if (!res.headersSent) this.sendError(res, 500, 'InternalServerError', 'fake server failure');
        else res.destroy();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      close: async () => {
        for (const timer of this.timers) clearTimeout(timer);
        this.timers.clear();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const raw = await readBody(req);
    let body: unknown;
    try {
      body = raw.length > 0 ? JSON.parse(raw) : undefined;
    } catch {
      body = undefined;
    }
    this.requests.push({ method: req.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body });

    const fault = this.faults.shift();
    if (fault?.delayMs !== undefined) {
      const aborted = await this.wait(fault.delayMs, req);
      if (aborted) return;
    }
    if (fault?.dropConnection) {
      req.socket.destroy();
      return;
    }
    if (fault?.status !== undefined) {
      const headers: Record<string, string> = {};
      if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
      if (fault.retryAfterMs !== undefined) headers['retry-after-ms'] = String(fault.retryAfterMs);
      const errorBody = fault.body ?? { error: { code: String(fault.status), message: `Scripted failure ${fault.status}.` } };
      sendJson(res, fault.status, errorBody, headers);
      return;
    }
    this.embeddings(req, res, url, body, fault?.wrongDimensions);
  }

  private embeddings(req: IncomingMessage, res: ServerResponse, url: URL, body: unknown, wrongDimensions: number | undefined): void {
    const match = /^\/openai\/deployments\/([^/]+)\/embeddings$/.exec(url.pathname);
    if (req.method !== 'POST' || !match || !url.searchParams.get('api-version')) {
      this.sendError(res, 404, '404', 'Resource not found');
      return;
    }
    if (!this.authorised(req.headers)) {
      this.sendError(
        res,
        401,
        '401',
        'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
      );
      return;
    }
    const deploymentName = decodeURIComponent(match[1] ?? '');
    const deployment = this.deployments[deploymentName];
    if (!deployment) {
      this.sendError(
        res,
        404,
        'DeploymentNotFound',
        'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.',
      );
      return;
    }
    if (typeof body !== 'object' || body === null) {
      this.sendError(res, 400, 'BadRequest', 'Request body must be JSON.');
      return;
    }
    const request = body as { input?: unknown; dimensions?: unknown; encoding_format?: unknown };
    const inputs = typeof request.input === 'string' ? [request.input] : request.input;
    if (!Array.isArray(inputs) || inputs.length === 0 || inputs.some((i) => typeof i !== 'string' || i === '')) {
      this.sendError(res, 400, null, "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.");
      return;
    }
    if (inputs.length > MAX_INPUTS) {
      this.sendError(res, 400, null, `Too many inputs. The max number of inputs is ${MAX_INPUTS}.`);
      return;
    }
    let dimensions = deployment.nativeDimensions;
    if (request.dimensions !== undefined) {
      if (!deployment.model.startsWith('text-embedding-3')) {
        this.sendError(res, 400, null, 'This model does not support specifying dimensions.');
        return;
      }
      if (typeof request.dimensions !== 'number' || !Number.isInteger(request.dimensions) || request.dimensions < 1) {
        this.sendError(res, 400, null, "'$.dimensions' is invalid.");
        return;
      }
      dimensions = request.dimensions;
    }
    if (wrongDimensions !== undefined) dimensions = wrongDimensions;
    const base64 = request.encoding_format === 'base64';
    const tokens = (inputs as string[]).reduce((sum, text) => sum + Math.ceil(text.length / 4), 0);
    sendJson(res, 200, {
      object: 'list',
      data: (inputs as string[]).map((text, index) => {
        const vector = fakeEmbedding(text, dimensions);
        return { object: 'embedding', index, embedding: base64 ? toBase64Float32(vector) : vector };
      }),
      model: deployment.model,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    });
  }

  private authorised(headers: IncomingHttpHeaders): boolean {
    const authorization = headers.authorization;
    if (this.bearerToken !== undefined && authorization === `Bearer ${this.bearerToken}`) return true;
    if (this.apiKey !== undefined && headers['api-key'] === this.apiKey) return true;
    return false;
  }

  private sendError(res: ServerResponse, status: number, code: string | null, message: string): void {
    sendJson(res, status, { error: { code, message } });
  }

  /** Resolves true if the client went away first (so a timed-out request doesn't get a late answer). */
  private wait(ms: number, req: IncomingMessage): Promise<boolean> {
    return new Promise((resolve) => {
      const onClose = (): void => {
        clearTimeout(timer);
        this.timers.delete(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        req.socket.off('close', onClose);
        resolve(false);
      }, ms);
      this.timers.add(timer);
      req.socket.once('close', onClose);
    });
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), 'apim-request-id': 'fake', ...headers });
  res.end(payload);
}
