// Embedder backed by an Azure OpenAI embeddings deployment: batching, the shared retry policy, typed errors.
// `openai` and `@azure/identity` (together most of a cold start) are imported on the first embed() only, so a
// process that never embeds through Azure never loads them; the options are still checked in the constructor.
import type { AzureOpenAI } from 'openai';
import type { TokenCredential } from '@azure/identity';
import type { EmbedOptions, Embedder } from './embedder.js';
import { AZURE_OPENAI_BATCH_LIMITS, planBatches, truncateToTokens, type BatchLimits } from './batching.js';
import { EmbeddingServiceError } from './embedding-service-error.js';
import { createRetryPolicy, defaultSleep, type Sleep } from '../resilience.js';

export { defaultSleep, type Sleep };

export const COGNITIVE_SERVICES_SCOPE = 'https://cognitiveservices.azure.com/.default';

export interface RetryEvent {
  /** 1 for the first retry. */
  retry: number;
  delayMs: number;
  /** HTTP status of the failed attempt; absent for network errors and timeouts. */
  status?: number;
  reason: 'rate-limited' | 'server-error' | 'network-error' | 'timeout';
}

export interface AzureOpenAIEmbedderOptions {
  /** https://<resource>.openai.azure.com/ */
  endpoint: string;
  /** The deployment name (not necessarily the model name). */
  deployment: string;
  /** Default '2024-10-21' (GA; supports `dimensions`). */
  apiVersion?: string;
  /** Default 1536. Every returned vector must have this length. */
  dimensions?: number;
  /**
   * Whether to send `dimensions` in the request. Only text-embedding-3 models accept it (others answer 400).
   * Default: true when the deployment name contains "text-embedding-3".
   */
  sendDimensions?: boolean;
  /** Key auth. When absent, Microsoft Entra ID tokens from `credential` (managed identity in Azure) are used. */
  apiKey?: string;
  /** Token source when there is no apiKey. Default: a DefaultAzureCredential. Injectable for tests. */
  credential?: TokenCredential;
  /** Identity stored next to vectors. Default: 'azure-openai/<deployment>' plus '@<dims>' when not 1536. */
  model?: string;
  /** Timeout for each HTTP attempt (not the whole call; bound that with the caller's signal). Default 10000. */
  timeoutMs?: number;
  /** Retries after the first attempt, for 429, 408, 5xx, network errors and attempt timeouts. Default 4. */
  maxRetries?: number;
  /** Backoff base: the ceiling of the first retry's full-jitter wait. Default 500. */
  initialBackoffMs?: number;
  /** Ceiling of any full-jitter backoff wait. Default 8000. */
  maxBackoffMs?: number;
  /** Ceiling on a wait asked for by retry-after / retry-after-ms. Default 30000. */
  maxRetryAfterMs?: number;
  /** Per-request limits; defaults are Azure OpenAI's (2048 inputs, ~300k tokens, 8192 tokens per input). */
  batchLimits?: Partial<BatchLimits>;
  /** Injected so tests don't wait for real backoff. Must reject when `signal` aborts. */
  sleep?: Sleep;
  /** Injected so tests get deterministic jitter. Returns [0, 1). */
  random?: () => number;
  /** Called before each retry wait, e.g. for logging. */
  onRetry?: (event: RetryEvent) => void;
}

interface Failure {
  error: EmbeddingServiceError;
  /** The wait the service asked for, already capped. */
  retryAfterMs?: number;
  reason?: RetryEvent['reason'];
}

type OpenAISdk = typeof import('openai');

/** The SDK client and the module its error classes come from (for classifying failures). */
interface Connection {
  client: AzureOpenAI;
  sdk: OpenAISdk;
}

/** Marks failures of the token provider so they can be told apart from the service's own errors. */
class TokenAcquisitionError extends Error {
  override readonly name = 'TokenAcquisitionError';
}

export class AzureOpenAIEmbedder implements Embedder {
  readonly model: string;
  readonly dimensions: number;

  private connection: Promise<Connection> | undefined;
  private readonly endpoint: string;
  private readonly apiVersion: string;
  private readonly apiKey: string | undefined;
  private readonly credential: TokenCredential | undefined;
  private readonly deployment: string;
  private readonly endpointHost: string;
  private readonly sendDimensions: boolean;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly limits: BatchLimits;
  private readonly sleep: Sleep;
  private readonly random: () => number;
  private readonly onRetry: ((event: RetryEvent) => void) | undefined;
  private readonly usesKey: boolean;

  constructor(options: AzureOpenAIEmbedderOptions) {
    this.deployment = options.deployment;
    this.dimensions = options.dimensions ?? 1536;
    this.sendDimensions = options.sendDimensions ?? /text-embedding-3/i.test(options.deployment);
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxRetries = options.maxRetries ?? 4;
    this.initialBackoffMs = options.initialBackoffMs ?? 500;
    this.maxBackoffMs = options.maxBackoffMs ?? 8_000;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000;
    this.limits = { ...AZURE_OPENAI_BATCH_LIMITS, ...options.batchLimits };
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
    this.onRetry = options.onRetry;
    this.model = options.model ?? `azure-openai/${options.deployment}${this.dimensions === 1536 ? '' : `@${this.dimensions}`}`;

    const misconfigured = (what: string): EmbeddingServiceError =>
      new EmbeddingServiceError('EMBEDDINGS_MISCONFIGURED', `Azure OpenAI embedder misconfigured: ${what}.`);
    let endpointUrl: URL;
    try {
      endpointUrl = new URL(options.endpoint);
    } catch {
      throw misconfigured('AZURE_OPENAI_ENDPOINT is not a URL; expected https://<resource>.openai.azure.com/');
    }
    if (!options.deployment) throw misconfigured('no deployment; set AZURE_OPENAI_EMBEDDING_DEPLOYMENT');
    if (!Number.isInteger(this.dimensions) || this.dimensions < 1) throw misconfigured('dimensions must be a positive integer');
    if (this.limits.maxTokensPerInput > this.limits.maxTokensPerRequest || this.limits.maxInputsPerRequest < 1) {
      throw misconfigured('batch limits must allow at least one full-length input per request');
    }
    this.endpointHost = endpointUrl.host;

    this.usesKey = options.apiKey !== undefined && options.apiKey !== '';
    this.apiKey = options.apiKey;
    this.credential = options.credential;
    this.endpoint = options.endpoint;
    this.apiVersion = options.apiVersion ?? '2024-10-21';
  }

  /** The SDK client, built on first use (a failed import is retried on the next call). */
  private connect(): Promise<Connection> {
    this.connection ??= (async () => {
      const sdk = await import('openai');
      let auth: { apiKey: string } | { azureADTokenProvider: () => Promise<string> };
      if (this.usesKey) auth = { apiKey: this.apiKey as string };
      else {
        const identity = await import('@azure/identity');
        const credential = this.credential ?? new identity.DefaultAzureCredential();
        auth = { azureADTokenProvider: wrapTokenProvider(identity.getBearerTokenProvider(credential, COGNITIVE_SERVICES_SCOPE)) };
      }
      const client = new sdk.AzureOpenAI({
        // baseURL rather than `endpoint` so a stray OPENAI_BASE_URL in the environment can't conflict with it.
        baseURL: `${this.endpoint.replace(/\/+$/, '')}/openai`,
        deployment: this.deployment,
        apiVersion: this.apiVersion,
        ...auth,
        // Retries and timeouts are ours (observable, testable, classified); the SDK makes exactly one attempt.
        maxRetries: 0,
        timeout: this.timeoutMs,
      });
      return { client, sdk };
    })();
    this.connection.catch(() => {
      this.connection = undefined;
    });
    return this.connection;
  }

  async embed(texts: readonly string[], options: EmbedOptions = {}): Promise<number[][]> {
    if (texts.length === 0) return [];
    const inputs = texts.map((text, index) => {
      // The service answers 400 to an empty input; failing here names the offending index instead.
      if (text.trim() === '') throw new RangeError(`embed(): input ${index} is empty; the embeddings service rejects empty text.`);
      return truncateToTokens(text, this.limits.maxTokensPerInput);
    });
    const connection = await this.connect();
    const vectors: number[][] = new Array<number[]>(inputs.length);
    // Sequential on purpose: parallel batches only hit the deployment's tokens-per-minute limit sooner.
    for (const batch of planBatches(inputs, this.limits)) {
      const batchVectors = await this.requestWithRetries(
        connection,
        batch.map((i) => inputs[i] as string),
        options.signal,
        options.onUsage,
      );
      batch.forEach((inputIndex, position) => {
        vectors[inputIndex] = batchVectors[position] as number[];
      });
    }
    return vectors;
  }

  private async requestWithRetries(
    { client, sdk }: Connection,
    inputs: string[],
    callerSignal: AbortSignal | undefined,
    onUsage: EmbedOptions['onUsage'],
  ): Promise<number[][]> {
    // The classification of each failed attempt, so the policy can ask whether and how long to wait.
    const failures = new WeakMap<object, Failure>();
    const failureOf = (error: unknown): Failure | undefined => (typeof error === 'object' && error !== null ? failures.get(error) : undefined);
    const policy = createRetryPolicy({
      maxRetries: this.maxRetries,
      initialBackoffMs: this.initialBackoffMs,
      maxBackoffMs: this.maxBackoffMs,
      maxRetryAfterMs: this.maxRetryAfterMs,
      isRetryable: (error) => {
        const failure = failureOf(error);
        return failure?.error.retryable === true && failure.reason !== undefined;
      },
      retryAfterMs: (error) => failureOf(error)?.retryAfterMs,
      onRetry: ({ retry, delayMs, error }) => {
        const failure = failureOf(error);
        if (!failure?.reason) return;
        this.onRetry?.({
          retry,
          delayMs,
          reason: failure.reason,
          ...(failure.error.status === undefined ? {} : { status: failure.error.status }),
        });
      },
      sleep: this.sleep,
      random: this.random,
    });
    try {
      return await policy.execute(async ({ attempt }) => {
        if (callerSignal?.aborted) throw this.callerAborted(callerSignal.reason);
        const attemptTimeout = AbortSignal.timeout(this.timeoutMs);
        const signal = callerSignal ? AbortSignal.any([callerSignal, attemptTimeout]) : attemptTimeout;
        let response: Awaited<ReturnType<AzureOpenAI['embeddings']['create']>>;
        try {
          response = await client.embeddings.create(
            {
              model: this.deployment,
              input: inputs,
              ...(this.sendDimensions ? { dimensions: this.dimensions } : {}),
              // encoding_format left unset: the SDK then asks for base64 and decodes it (a quarter of the JSON size).
            },
            { signal, maxRetries: 0, timeout: this.timeoutMs },
          );
        } catch (err) {
          const failure = this.classify(sdk, err, attempt + 1, callerSignal);
          failures.set(failure.error, failure);
          throw failure.error;
        }
        const vectors = this.checkResponse(response.data, inputs.length);
        // Optional in the wire format (and absent from some proxies): reported only when the service sent it.
        const tokens = (response as { usage?: { prompt_tokens?: unknown } }).usage?.prompt_tokens;
        if (typeof tokens === 'number') onUsage?.({ inputTokens: tokens });
        return vectors;
      }, callerSignal);
    } catch (error) {
      // Anything but a classified failure is the caller's signal ending a wait between attempts.
      if (error instanceof EmbeddingServiceError) throw error;
      throw this.callerAborted(error);
    }
  }

  private checkResponse(data: ReadonlyArray<{ index: number; embedding: number[] }>, expected: number): number[][] {
    if (data.length !== expected) {
      throw new EmbeddingServiceError(
        'EMBEDDINGS_UNAVAILABLE',
        `Azure OpenAI returned ${data.length} embeddings for ${expected} inputs (deployment ${this.deployment}); try again.`,
        { retryable: true, nextStep: 'Semantic search is temporarily unavailable; try again shortly.' },
      );
    }
    const vectors: number[][] = new Array<number[]>(expected);
    for (const item of data) {
      const vector = item.embedding;
      if (vector.length !== this.dimensions) {
        throw new EmbeddingServiceError(
          'EMBEDDINGS_MISCONFIGURED',
          `Azure OpenAI deployment ${this.deployment} returned ${vector.length}-dimensional vectors but ${this.dimensions} are configured: ` +
            `set EMBEDDING_DIMENSIONS to the model's size, or use a text-embedding-3 deployment (which accepts 'dimensions').`,
          { nextStep: 'Semantic search is not available; use filters instead.' },
        );
      }
      if (!Number.isInteger(item.index) || item.index < 0 || item.index >= expected || vectors[item.index] !== undefined) {
        throw new EmbeddingServiceError(
          'EMBEDDINGS_UNAVAILABLE',
          `Azure OpenAI returned a malformed embeddings list (bad index ${item.index}); try again.`,
          {
            retryable: true,
          },
        );
      }
      vectors[item.index] = Array.from(vector);
    }
    return vectors;
  }

  private callerAborted(reason: unknown): EmbeddingServiceError {
    return new EmbeddingServiceError(
      'EMBEDDINGS_TIMEOUT',
      `Embedding call to Azure OpenAI deployment ${this.deployment} was cancelled by the caller (deadline reached or request aborted).`,
      { retryable: true, cause: reason, nextStep: 'The request ran out of time computing embeddings; try again.' },
    );
  }

  private classify(sdk: OpenAISdk, err: unknown, attempts: number, callerSignal: AbortSignal | undefined): Failure {
    const tried = attempts === 1 ? '1 attempt' : `${attempts} attempts`;
    const retryLater = 'Semantic search is temporarily unavailable; try again shortly.';
    const notAvailable = 'Semantic search is not available right now; use filters instead.';

    if (err instanceof EmbeddingServiceError) return { error: err };
    const tokenError = findCause(err, TokenAcquisitionError);
    if (tokenError) {
      return {
        error: new EmbeddingServiceError(
          'EMBEDDINGS_MISCONFIGURED',
          `Could not get a Microsoft Entra token for Azure OpenAI (${describeCause(tokenError.cause)}): in Azure, check the Function App has a managed identity ` +
            `(and AZURE_CLIENT_ID for a user-assigned one); locally, run 'az login' or set AZURE_OPENAI_API_KEY.`,
          { cause: tokenError.cause, nextStep: notAvailable },
        ),
      };
    }
    if (err instanceof sdk.APIUserAbortError || (err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError'))) {
      if (callerSignal?.aborted) return { error: this.callerAborted(callerSignal.reason) };
      return this.timeoutFailure(tried, err);
    }
    if (err instanceof sdk.APIConnectionTimeoutError) return this.timeoutFailure(tried, err);
    if (err instanceof sdk.APIConnectionError) {
      return {
        reason: 'network-error',
        error: new EmbeddingServiceError(
          'EMBEDDINGS_UNAVAILABLE',
          `Could not reach Azure OpenAI at ${this.endpointHost} (${describeCause(err.cause)}) after ${tried}: check AZURE_OPENAI_ENDPOINT and that the ` +
            `Function can reach it (private endpoint, VNet, firewall).`,
          { retryable: true, cause: err, nextStep: retryLater },
        ),
      };
    }
    if (err instanceof sdk.APIError && typeof err.status === 'number') {
      const status = err.status;
      const serviceCode = typeof err.code === 'string' && err.code ? ` ${err.code}` : '';
      if (status === 401 || status === 403) {
        const fix = this.usesKey
          ? 'check AZURE_OPENAI_API_KEY belongs to this Azure OpenAI resource'
          : "check the Function's managed identity has the 'Cognitive Services OpenAI User' role on the Azure OpenAI resource (role assignments take a few minutes to apply)";
        return {
          error: new EmbeddingServiceError(
            'EMBEDDINGS_MISCONFIGURED',
            `Azure OpenAI refused the embeddings call (${status}${serviceCode}): ${fix}.`,
            {
              status,
              cause: err,
              nextStep: notAvailable,
            },
          ),
        };
      }
      if (status === 404) {
        return {
          error: new EmbeddingServiceError(
            'EMBEDDINGS_MISCONFIGURED',
            `Azure OpenAI deployment ${this.deployment} not found at ${this.endpointHost} (404${serviceCode}): check AZURE_OPENAI_EMBEDDING_DEPLOYMENT ` +
              `(and AZURE_OPENAI_ENDPOINT / AZURE_OPENAI_API_VERSION).`,
            { status, cause: err, nextStep: notAvailable },
          ),
        };
      }
      const retryAfterMs = this.retryAfterMs(err.headers);
      if (status === 429) {
        return {
          reason: 'rate-limited',
          ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
          error: new EmbeddingServiceError(
            'EMBEDDINGS_UNAVAILABLE',
            `Azure OpenAI rate limited embeddings deployment ${this.deployment} (429) after ${tried}; try again shortly, or raise the deployment's tokens-per-minute quota.`,
            { status, retryable: true, cause: err, nextStep: retryLater },
          ),
        };
      }
      if (status >= 500 || status === 408) {
        return {
          reason: 'server-error',
          ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
          error: new EmbeddingServiceError(
            'EMBEDDINGS_UNAVAILABLE',
            `Azure OpenAI answered ${status}${serviceCode} for deployment ${this.deployment} after ${tried}; the service may be degraded, try again shortly.`,
            { status, retryable: true, cause: err, nextStep: retryLater },
          ),
        };
      }
      // 400 and other 4xx: the request itself is wrong; repeating it cannot help. The service's message names the field.
      const detail = typeof err.error === 'object' && err.error !== null && 'message' in err.error ? String(err.error.message).slice(0, 300) : '';
      return {
        error: new EmbeddingServiceError(
          'EMBEDDINGS_MISCONFIGURED',
          `Azure OpenAI rejected the embeddings request (${status}${serviceCode})${detail ? `: ${detail}` : ''}. ` +
            `Check AZURE_OPENAI_API_VERSION, EMBEDDING_DIMENSIONS and whether the deployment's model accepts 'dimensions'.`,
          { status, cause: err, nextStep: notAvailable },
        ),
      };
    }
    return {
      error: new EmbeddingServiceError(
        'EMBEDDINGS_UNAVAILABLE',
        `Embedding call to Azure OpenAI deployment ${this.deployment} failed unexpectedly (${describeCause(err)}).`,
        { cause: err, nextStep: retryLater, retryable: false },
      ),
    };
  }

  private timeoutFailure(tried: string, cause: unknown): Failure {
    return {
      reason: 'timeout',
      error: new EmbeddingServiceError(
        'EMBEDDINGS_TIMEOUT',
        `Azure OpenAI did not answer within ${this.timeoutMs} ms (${tried}, deployment ${this.deployment}); try again shortly or raise EMBEDDINGS_TIMEOUT_MS.`,
        { retryable: true, cause, nextStep: 'Semantic search timed out; try again shortly.' },
      ),
    };
  }

  /** retry-after-ms (Azure) wins over retry-after (seconds or an HTTP date); capped so one header can't stall us. */
  private retryAfterMs(headers: Headers | undefined): number | undefined {
    if (!headers) return undefined;
    let ms: number | undefined;
    const msHeader = headers.get('retry-after-ms');
    const header = headers.get('retry-after');
    if (msHeader !== null && msHeader.trim() !== '' && Number.isFinite(Number(msHeader))) {
      ms = Number(msHeader);
    } else if (header !== null && header.trim() !== '') {
      const seconds = Number(header);
      if (Number.isFinite(seconds)) ms = seconds * 1000;
      else {
        const date = Date.parse(header);
        if (Number.isFinite(date)) ms = date - Date.now();
      }
    }
    if (ms === undefined) return undefined;
    return Math.min(Math.max(0, Math.ceil(ms)), this.maxRetryAfterMs);
  }
}

function wrapTokenProvider(provider: () => Promise<string>): () => Promise<string> {
  return async () => {
    try {
      return await provider();
    } catch (err) {
      throw new TokenAcquisitionError('token acquisition failed', { cause: err });
    }
  };
}

function findCause<T extends Error>(err: unknown, type: new (...args: never[]) => T): T | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth++) {
    if (current instanceof type) return current;
    current = current instanceof Error ? current.cause : undefined;
  }
  return undefined;
}

/** A short, secret-free description: error name and system code (ECONNREFUSED, ...), never the raw message chain. */
function describeCause(err: unknown): string {
  const parts: string[] = [];
  let current: unknown = err;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    parts.push(typeof code === 'string' ? code : current.name);
    current = current.cause;
  }
  const unique = [...new Set(parts.filter((p) => p && p !== 'Error'))];
  return unique.length > 0 ? unique.join(' / ') : 'unknown error';
}
