// Embedders: the real AzureOpenAIEmbedder (real openai client) against a fake Azure OpenAI server, and the LocalEmbedder.
import { afterEach, describe, expect, it } from 'vitest';
import type { AccessToken, TokenCredential } from '@azure/identity';
import {
  AzureOpenAIEmbedder,
  defaultSleep,
  type AzureOpenAIEmbedderOptions,
  type RetryEvent,
} from '../../src/platform/embeddings/azure-openai-embedder.js';
import { createEmbedder, createEmbedderFromConfig } from '../../src/platform/embeddings/create-embedder.js';
import { EmbeddingServiceError } from '../../src/platform/embeddings/embedding-service-error.js';
import { LocalEmbedder, analyse, stem } from '../../src/platform/embeddings/local-embedder.js';
import { estimateTokens, planBatches } from '../../src/platform/embeddings/batching.js';
import { ConfigurationError, EmbeddingsUnavailableError, TimeoutError } from '../../src/platform/errors.js';
import { FakeAzureOpenAI, fakeEmbedding, type FakeAzureOpenAIOptions, type RunningFake } from '../support/fake-azure-openai.js';

const TOKEN = 'fake-entra-token-123';
const DEPLOYMENT = 'text-embedding-3-small';

/** Stands in for DefaultAzureCredential: a fixed token, with a log of the scopes asked for. */
function fixedCredential(token = TOKEN): TokenCredential & { scopes: string[] } {
  const scopes: string[] = [];
  return {
    scopes,
    async getToken(requested: string | string[]): Promise<AccessToken> {
      scopes.push(...(Array.isArray(requested) ? requested : [requested]));
      return { token, expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
}

const running: RunningFake[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
});

async function startFake(options: FakeAzureOpenAIOptions = {}): Promise<{ fake: FakeAzureOpenAI; url: string }> {
  const fake = new FakeAzureOpenAI({ bearerToken: TOKEN, ...options });
  const server = await fake.start();
  running.push(server);
  return { fake, url: server.url };
}

function embedderFor(
  url: string,
  overrides: Partial<AzureOpenAIEmbedderOptions> = {},
): { embedder: AzureOpenAIEmbedder; sleeps: number[]; retries: RetryEvent[] } {
  const sleeps: number[] = [];
  const retries: RetryEvent[] = [];
  const embedder = new AzureOpenAIEmbedder({
    endpoint: url,
    deployment: DEPLOYMENT,
    credential: fixedCredential(),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    onRetry: (event) => retries.push(event),
    ...overrides,
  });
  return { embedder, sleeps, retries };
}

async function failure(promise: Promise<unknown>): Promise<EmbeddingServiceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EmbeddingServiceError);
  return error as EmbeddingServiceError;
}

describe('AzureOpenAIEmbedder against the fake Azure OpenAI', () => {
  it('authenticates with an Entra bearer token from the injected credential and decodes base64 vectors', async () => {
    const { fake, url } = await startFake();
    const credential = fixedCredential();
    const { embedder } = embedderFor(url, { credential });

    const vectors = await embedder.embed(['cordless drill', 'garden hose']);

    expect(vectors).toEqual([fakeEmbedding('cordless drill', 1536), fakeEmbedding('garden hose', 1536)]);
    expect(credential.scopes).toEqual(['https://cognitiveservices.azure.com/.default']);
    const [request] = fake.embeddingRequests;
    expect(fake.embeddingRequests).toHaveLength(1);
    expect(request?.path).toBe(`/openai/deployments/${DEPLOYMENT}/embeddings`);
    expect(request?.query['api-version']).toBe('2024-10-21');
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request?.headers['api-key']).toBeUndefined();
    expect(request?.body).toMatchObject({ input: ['cordless drill', 'garden hose'], dimensions: 1536, encoding_format: 'base64' });
    expect(embedder.model).toBe('azure-openai/text-embedding-3-small');
    expect(embedder.dimensions).toBe(1536);
  });

  it('uses the api-key header when a key is configured', async () => {
    const { fake, url } = await startFake({ apiKey: 'k-123', bearerToken: undefined });
    const { embedder } = embedderFor(url, { apiKey: 'k-123', credential: undefined });
    await expect(embedder.embed(['tape measure'])).resolves.toHaveLength(1);
    expect(fake.embeddingRequests[0]?.headers['api-key']).toBe('k-123');
    expect(fake.embeddingRequests[0]?.headers.authorization).toBeUndefined();
  });

  it('requests smaller dimensions from text-embedding-3 and omits them for other models', async () => {
    const { fake, url } = await startFake({
      deployments: {
        [DEPLOYMENT]: { model: 'text-embedding-3-small', nativeDimensions: 1536 },
        ada: { model: 'text-embedding-ada-002', nativeDimensions: 1536 },
      },
    });
    const small = embedderFor(url, { dimensions: 256 }).embedder;
    const [vector] = await small.embed(['hammer']);
    expect(vector).toEqual(fakeEmbedding('hammer', 256));
    expect(small.model).toBe('azure-openai/text-embedding-3-small@256');

    const ada = embedderFor(url, { deployment: 'ada' }).embedder;
    await expect(ada.embed(['hammer'])).resolves.toHaveLength(1);
    expect(fake.embeddingRequests[1]?.body).not.toHaveProperty('dimensions');
  });

  it('splits 5000 inputs into 3 requests of at most 2048 and keeps input order', async () => {
    const { fake, url } = await startFake({ deployments: { [DEPLOYMENT]: { model: DEPLOYMENT, nativeDimensions: 1536 } } });
    const { embedder } = embedderFor(url, { dimensions: 8 });
    const texts = Array.from({ length: 5000 }, (_, i) => `product ${i}`);

    const vectors = await embedder.embed(texts);

    const sizes = fake.embeddingRequests.map((r) => (r.body as { input: string[] }).input.length);
    expect(sizes).toEqual([2048, 2048, 904]);
    expect(vectors).toHaveLength(5000);
    expect(vectors[0]).toEqual(fakeEmbedding('product 0', 8));
    expect(vectors[2048]).toEqual(fakeEmbedding('product 2048', 8));
    expect(vectors[4999]).toEqual(fakeEmbedding('product 4999', 8));
  });

  it('splits by estimated tokens and truncates over-long inputs', async () => {
    const { fake, url } = await startFake();
    const { embedder } = embedderFor(url, { dimensions: 8, batchLimits: { maxTokensPerRequest: 1000, maxTokensPerInput: 500 } });
    // 300 chars = 100 estimated tokens each: 10 fit in a request.
    const texts = Array.from({ length: 25 }, (_, i) => `${i}`.padEnd(300, 'x'));
    texts.push('y'.repeat(5000)); // 1667 estimated tokens: truncated to 500 (1500 chars)

    await embedder.embed(texts);

    const inputs = fake.embeddingRequests.map((r) => (r.body as { input: string[] }).input);
    expect(inputs.map((i) => i.length)).toEqual([10, 10, 6]);
    expect(inputs[2]?.at(-1)).toHaveLength(1500);
    for (const batch of inputs) expect(batch.reduce((sum, t) => sum + estimateTokens(t), 0)).toBeLessThanOrEqual(1000);
  });

  it('retries a 429 after the wait retry-after asks for, then succeeds', async () => {
    const { fake, url } = await startFake();
    fake.enqueue({ status: 429, retryAfterSeconds: 1 }, { status: 429, retryAfterMs: 250 });
    const { embedder, sleeps, retries } = embedderFor(url);

    const vectors = await embedder.embed(['sandpaper']);

    expect(vectors[0]).toEqual(fakeEmbedding('sandpaper', 1536));
    expect(sleeps).toEqual([1000, 250]);
    expect(retries.map((r) => [r.reason, r.status])).toEqual([
      ['rate-limited', 429],
      ['rate-limited', 429],
    ]);
    expect(fake.embeddingRequests).toHaveLength(3);
  });

  it('caps a long retry-after', async () => {
    const { fake, url } = await startFake();
    fake.enqueue({ status: 429, retryAfterSeconds: 600 });
    const { embedder, sleeps } = embedderFor(url, { maxRetryAfterMs: 5000 });
    await embedder.embed(['paint']);
    expect(sleeps).toEqual([5000]);
  });

  it('retries 500s with exponential full-jitter backoff', async () => {
    const { fake, url } = await startFake();
    fake.enqueue({ status: 500 }, { status: 503 });
    const { embedder, sleeps } = embedderFor(url, { initialBackoffMs: 100 });
    await expect(embedder.embed(['ladder'])).resolves.toHaveLength(1);
    // random() = 0.5 -> half of 100 * 2^attempt
    expect(sleeps).toEqual([50, 100]);
    expect(fake.embeddingRequests).toHaveLength(3);
  });

  it('gives up after maxRetries with a retryable EMBEDDINGS_UNAVAILABLE', async () => {
    const { fake, url } = await startFake();
    fake.enqueue({ status: 429, retryAfterSeconds: 1 }, { status: 429, retryAfterSeconds: 1 }, { status: 429, retryAfterSeconds: 1 });
    const { embedder } = embedderFor(url, { maxRetries: 2 });
    const error = await failure(embedder.embed(['ladder']));
    expect(error).toMatchObject({ code: 'EMBEDDINGS_UNAVAILABLE', status: 429, retryable: true });
    expect(error.message).toMatch(/rate limited.*try again shortly/);
    expect(fake.embeddingRequests).toHaveLength(3);
    expect(error.toAppError()).toBeInstanceOf(EmbeddingsUnavailableError);
  });

  it('does not retry a 401 and says which role is missing, without leaking the token', async () => {
    const { fake, url } = await startFake({ bearerToken: 'the-token-the-server-wants' });
    const { embedder, sleeps } = embedderFor(url);
    const error = await failure(embedder.embed(['hinge']));
    expect(error).toMatchObject({ code: 'EMBEDDINGS_MISCONFIGURED', status: 401, retryable: false });
    expect(error.message).toContain("'Cognitive Services OpenAI User' role");
    expect(error.message).not.toContain(TOKEN);
    expect(fake.embeddingRequests).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(error.toAppError()).toBeInstanceOf(ConfigurationError);
  });

  it('does not retry a 403 from the queue either', async () => {
    const { fake, url } = await startFake();
    fake.enqueue({ status: 403 });
    const { embedder } = embedderFor(url);
    await expect(failure(embedder.embed(['hinge']))).resolves.toMatchObject({ code: 'EMBEDDINGS_MISCONFIGURED', status: 403 });
    expect(fake.embeddingRequests).toHaveLength(1);
  });

  it('names the deployment on a 404 DeploymentNotFound', async () => {
    const { fake, url } = await startFake();
    const { embedder } = embedderFor(url, { deployment: 'text-embedding-3-typo' });
    const error = await failure(embedder.embed(['hinge']));
    expect(error).toMatchObject({ code: 'EMBEDDINGS_MISCONFIGURED', status: 404, retryable: false });
    expect(error.message).toContain('deployment text-embedding-3-typo not found');
    expect(error.message).toContain('AZURE_OPENAI_EMBEDDING_DEPLOYMENT');
    expect(fake.embeddingRequests).toHaveLength(1);
  });

  it('does not retry a 400 and passes on what the service objected to', async () => {
    const { url } = await startFake({ deployments: { [DEPLOYMENT]: { model: 'text-embedding-ada-002', nativeDimensions: 1536 } } });
    const { embedder, sleeps } = embedderFor(url, { sendDimensions: true });
    const error = await failure(embedder.embed(['hinge']));
    expect(error).toMatchObject({ code: 'EMBEDDINGS_MISCONFIGURED', status: 400 });
    expect(error.message).toContain('does not support specifying dimensions');
    expect(sleeps).toEqual([]);
  });

  it('times out a slow response as EMBEDDINGS_TIMEOUT', async () => {
    const { fake, url } = await startFake();
    fake.enqueue({ delayMs: 5000 }, { delayMs: 5000 });
    const { embedder, retries } = embedderFor(url, { timeoutMs: 150, maxRetries: 1 });
    const started = Date.now();
    const error = await failure(embedder.embed(['hinge']));
    expect(error).toMatchObject({ code: 'EMBEDDINGS_TIMEOUT', retryable: true });
    expect(error.message).toContain('150 ms');
    expect(retries.map((r) => r.reason)).toEqual(['timeout']);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error.toAppError()).toBeInstanceOf(TimeoutError);
  });

  it("stops when the caller's signal aborts", async () => {
    const { fake, url } = await startFake();
    fake.enqueue({ delayMs: 5000 });
    const { embedder, retries } = embedderFor(url, { timeoutMs: 5000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await failure(embedder.embed(['hinge'], { signal: controller.signal }));
    expect(error).toMatchObject({ code: 'EMBEDDINGS_TIMEOUT' });
    expect(error.message).toContain('cancelled by the caller');
    expect(retries).toEqual([]);
  });

  it('reports a dead endpoint as EMBEDDINGS_UNAVAILABLE after retrying', async () => {
    const fake = new FakeAzureOpenAI({ bearerToken: TOKEN });
    const server = await fake.start();
    await server.close();
    const { embedder, retries } = embedderFor(server.url, { maxRetries: 2 });
    const error = await failure(embedder.embed(['hinge']));
    expect(error).toMatchObject({ code: 'EMBEDDINGS_UNAVAILABLE', retryable: true, status: undefined });
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).toContain('AZURE_OPENAI_ENDPOINT');
    expect(retries.map((r) => r.reason)).toEqual(['network-error', 'network-error']);
  });

  it('retries a dropped connection', async () => {
    const { fake, url } = await startFake();
    fake.enqueue({ dropConnection: true });
    const { embedder, retries } = embedderFor(url);
    await expect(embedder.embed(['hinge'])).resolves.toHaveLength(1);
    expect(retries.map((r) => r.reason)).toEqual(['network-error']);
  });

  it('rejects vectors of the wrong length as EMBEDDINGS_MISCONFIGURED', async () => {
    const { fake, url } = await startFake();
    fake.enqueue({ wrongDimensions: 3072 });
    const { embedder } = embedderFor(url);
    const error = await failure(embedder.embed(['hinge']));
    expect(error).toMatchObject({ code: 'EMBEDDINGS_MISCONFIGURED', retryable: false });
    expect(error.message).toContain('3072-dimensional');
    expect(fake.embeddingRequests).toHaveLength(1);
  });

  it('turns a credential failure into EMBEDDINGS_MISCONFIGURED without calling the service', async () => {
    const { fake, url } = await startFake();
    const credential: TokenCredential = {
      async getToken() {
        const error = new Error('ManagedIdentityCredential: no managed identity endpoint found');
        error.name = 'CredentialUnavailableError';
        throw error;
      },
    };
    const { embedder } = embedderFor(url, { credential });
    const error = await failure(embedder.embed(['hinge']));
    expect(error).toMatchObject({ code: 'EMBEDDINGS_MISCONFIGURED', retryable: false });
    expect(error.message).toContain('CredentialUnavailableError');
    expect(error.message).toContain('managed identity');
    expect(fake.embeddingRequests).toHaveLength(0);
  });

  it('returns [] for no inputs and rejects empty text before calling the service', async () => {
    const { fake, url } = await startFake();
    const { embedder } = embedderFor(url);
    await expect(embedder.embed([])).resolves.toEqual([]);
    await expect(embedder.embed(['ok', '  '])).rejects.toThrow(/input 1 is empty/);
    expect(fake.embeddingRequests).toHaveLength(0);
  });
});

describe('defaultSleep', () => {
  it('waits, and rejects as soon as the signal aborts', async () => {
    await expect(defaultSleep(5)).resolves.toBeUndefined();
    const controller = new AbortController();
    const pending = defaultSleep(60_000, controller.signal);
    controller.abort(new Error('deadline'));
    await expect(pending).rejects.toThrow('deadline');
  });
});

describe('planBatches', () => {
  it('never exceeds the input or token limits', () => {
    const texts = Array.from({ length: 100 }, (_, i) => 'x'.repeat((i % 7) * 30 + 1));
    const batches = planBatches(texts, { maxInputsPerRequest: 9, maxTokensPerRequest: 200, maxTokensPerInput: 100 });
    expect(batches.flat()).toEqual(texts.map((_, i) => i));
    for (const batch of batches) {
      expect(batch.length).toBeLessThanOrEqual(9);
      expect(batch.reduce((sum, i) => sum + estimateTokens(texts[i] ?? ''), 0)).toBeLessThanOrEqual(200);
    }
  });
});

describe('LocalEmbedder', () => {
  const embedder = new LocalEmbedder();
  const cosine = (a: readonly number[], b: readonly number[]): number => a.reduce((sum, v, i) => sum + v * (b[i] ?? 0), 0);
  const similarity = async (a: string, b: string): Promise<number> => {
    const [va, vb] = await embedder.embed([a, b]);
    return cosine(va ?? [], vb ?? []);
  };

  it('is deterministic, unit length and 1536-dimensional by default', async () => {
    const [a, b, empty] = await embedder.embed(['Cordless Drill', 'cordless drill', '']);
    const [again] = await new LocalEmbedder().embed(['Cordless Drill']);
    expect(a).toHaveLength(1536);
    expect(a).toEqual(again);
    expect(a).toEqual(b);
    for (const v of [a, empty]) expect(Math.sqrt(cosine(v ?? [], v ?? []))).toBeCloseTo(1, 12);
    expect(embedder.model).toBe('local-lexical-v1');
    expect(embedder.dimensions).toBe(1536);
  });

  it('honours configured dimensions in the vectors and the model name', async () => {
    const small = new LocalEmbedder({ dimensions: 256 });
    const [v] = await small.embed(['garden hose']);
    expect(v).toHaveLength(256);
    expect(small.model).toBe('local-lexical-v1@256');
  });

  it('ranks lexical neighbours sensibly', async () => {
    const query = 'cordless drill';
    const kit = await similarity(query, '20V cordless drill driver kit');
    const hose = await similarity(query, 'garden hose');
    expect(kit).toBeGreaterThan(0.4);
    expect(hose).toBeLessThan(0.1);
    expect(kit).toBeGreaterThan(hose);
    // Plurals and -ing forms meet their base word.
    expect(await similarity('drills', 'drill')).toBeGreaterThan(0.9);
    expect(await similarity('sanding sheets', 'sand sheet')).toBeGreaterThan(0.9);
    // Synonym table: related, but less than an exact match.
    const synonym = await similarity('weatherproof junction box', 'outdoor enclosure');
    expect(synonym).toBeGreaterThan(await similarity('weatherproof junction box', 'garden hose'));
    expect(synonym).toBeLessThan(await similarity('weatherproof junction box', 'weatherproof box'));
    // Partial words via character 4-grams.
    expect(await similarity('screwdriver', 'driver')).toBeGreaterThan(await similarity('screwdriver', 'hammer'));
  });

  it('normalises text: case, punctuation, hyphens, stop words, light stemming', () => {
    expect(analyse('The Li-Ion batteries, for DRILLING!').words).toEqual(['li', 'ion', 'battery', 'drill']);
    expect(analyse('Li-Ion').compounds).toEqual(['liion']);
    expect(['boxes', 'hoses', 'wiring', 'taped', 'tapped', 'cutting', 'galvanized', 'speed', 'glass', 'shelves', '20v'].map(stem)).toEqual([
      'box',
      'hose',
      'wire',
      'tape',
      'tap',
      'cut',
      'galvanize',
      'speed',
      'glass',
      'shelf',
      '20v',
    ]);
  });
});

describe('createEmbedder', () => {
  it('builds the local embedder by default and the Azure one when configured', () => {
    expect(createEmbedder({ provider: 'local', dimensions: 1536 })).toBeInstanceOf(LocalEmbedder);
    const azure = createEmbedder({
      provider: 'azure-openai',
      dimensions: 1536,
      azureOpenAI: { endpoint: 'https://example.openai.azure.com/', deployment: DEPLOYMENT, credential: fixedCredential() },
    });
    expect(azure).toBeInstanceOf(AzureOpenAIEmbedder);
    expect(() => createEmbedder({ provider: 'azure-openai', dimensions: 1536 })).toThrow(ConfigurationError);
  });

  it('checks the Azure options when built, although the SDK loads on the first embed', () => {
    const build = (endpoint: string, deployment = DEPLOYMENT) =>
      createEmbedder({ provider: 'azure-openai', dimensions: 1536, azureOpenAI: { endpoint, deployment, credential: fixedCredential() } });
    expect(() => build('not a url')).toThrow(/AZURE_OPENAI_ENDPOINT is not a URL/);
    expect(() => build('https://example.openai.azure.com/', '')).toThrow(/no deployment/);
  });

  it('maps environment configuration', async () => {
    const { fake, url } = await startFake({ apiKey: 'env-key', bearerToken: undefined });
    const embedder = createEmbedderFromConfig({
      EMBEDDINGS_PROVIDER: 'azure-openai',
      EMBEDDING_DIMENSIONS: 1536,
      AZURE_OPENAI_ENDPOINT: url,
      AZURE_OPENAI_EMBEDDING_DEPLOYMENT: DEPLOYMENT,
      AZURE_OPENAI_API_VERSION: '2024-10-21',
      AZURE_OPENAI_API_KEY: 'env-key',
      EMBEDDINGS_TIMEOUT_MS: 5000,
    });
    await expect(embedder.embed(['level'])).resolves.toEqual([fakeEmbedding('level', 1536)]);
    expect(fake.embeddingRequests[0]?.headers['api-key']).toBe('env-key');
  });
});
