// The embeddings client behind the circuit breaker: opens after consecutive service failures, then refuses at once
// with EMBEDDINGS_UNAVAILABLE and when to retry; a half-open probe closes (or re-opens) it; what does not count.

import { describe, expect, it } from 'vitest';
import { withCircuitBreaker } from '../../src/platform/embeddings/breaker-embedder.js';
import type { Embedder } from '../../src/platform/embeddings/embedder.js';
import { EmbeddingServiceError } from '../../src/platform/embeddings/embedding-service-error.js';
import { EmbeddingsUnavailableError } from '../../src/platform/errors.js';

/** An embedder whose next answers are scripted: an Error is thrown, 'ok' answers a vector. */
function scripted(...script: Array<Error | 'ok'>): Embedder & { calls: number } {
  const embedder = {
    model: 'fake/model',
    dimensions: 3,
    calls: 0,
    async embed(texts: readonly string[]) {
      embedder.calls++;
      const next = script.shift() ?? 'ok';
      if (next !== 'ok') throw next;
      return texts.map(() => [1, 0, 0]);
    },
  };
  return embedder;
}

const down = () => new EmbeddingServiceError('EMBEDDINGS_UNAVAILABLE', 'Azure OpenAI is unreachable.', { retryable: true });

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('circuit-breaking embedder', () => {
  it('opens after the configured consecutive failures and then refuses at once, without calling the service', async () => {
    const inner = scripted(down(), down(), down());
    const states: string[] = [];
    const embedder = withCircuitBreaker(inner, { consecutiveFailures: 3, openMs: 30_000, onStateChange: (s) => states.push(s) });
    for (let i = 0; i < 3; i++) expect(await failure(() => embedder.embed(['q']))).toBeInstanceOf(EmbeddingServiceError);
    expect(embedder.breaker.state).toBe('open');
    expect(states).toEqual(['open']);

    const started = performance.now();
    const refused = await failure(() => embedder.embed(['q']));
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(200);
    expect(inner.calls).toBe(3);
    expect(refused).toBeInstanceOf(EmbeddingsUnavailableError);
    const error = refused as EmbeddingsUnavailableError;
    expect(error.code).toBe('EMBEDDINGS_UNAVAILABLE');
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/temporarily unavailable/);
    expect(error.message).toMatch(/in about (29|30) s/);
    expect(error.nextStep).toMatch(/This is temporary: retry semantic_search_products in about (29|30) seconds/);
    expect(error.nextStep).toMatch(/execute_sales_query/);
    expect(embedder.retryAt).toBeGreaterThan(Date.now() + 25_000);
  });

  it('a successful half-open probe closes the circuit; a failed one opens it again', async () => {
    let clock = 1_000_000;
    const inner = scripted(down(), down(), down(), 'ok');
    const embedder = withCircuitBreaker(inner, { consecutiveFailures: 2, openMs: 50, now: () => clock });
    await failure(() => embedder.embed(['q']));
    await failure(() => embedder.embed(['q']));
    expect(embedder.breaker.state).toBe('open');
    expect(embedder.retryAt).toBe(1_000_050);
    await new Promise((resolve) => setTimeout(resolve, 80));
    clock += 80;
    // The probe fails: open again, with a fresh retry time.
    expect(await failure(() => embedder.embed(['q']))).toBeInstanceOf(EmbeddingServiceError);
    expect(embedder.breaker.state).toBe('open');
    expect(embedder.retryAt).toBe(1_000_130);
    await new Promise((resolve) => setTimeout(resolve, 80));
    clock += 80;
    await expect(embedder.embed(['q'])).resolves.toEqual([[1, 0, 0]]);
    expect(embedder.breaker.state).toBe('closed');
    expect(embedder.retryAt).toBeUndefined();
    await expect(embedder.embed(['q'])).resolves.toHaveLength(1);
    expect(inner.calls).toBe(5);
  });

  it('a success between failures resets the count', async () => {
    const embedder = withCircuitBreaker(scripted(down(), down(), 'ok', down(), down()), { consecutiveFailures: 3, openMs: 10_000 });
    for (let i = 0; i < 5; i++) await embedder.embed(['q']).catch(() => undefined);
    expect(embedder.breaker.state).toBe('closed');
  });

  it('misconfiguration, bad requests and aborts do not open the circuit', async () => {
    const misconfigured = () => new EmbeddingServiceError('EMBEDDINGS_MISCONFIGURED', 'No deployment.');
    const badRequest = () => new EmbeddingServiceError('EMBEDDINGS_UNAVAILABLE', 'Input too long.', { status: 400 });
    const aborted = () => new DOMException('This operation was aborted', 'AbortError');
    const embedder = withCircuitBreaker(scripted(misconfigured(), badRequest(), aborted(), misconfigured(), badRequest(), aborted()), {
      consecutiveFailures: 2,
      openMs: 10_000,
    });
    for (let i = 0; i < 6; i++) await embedder.embed(['q']).catch(() => undefined);
    expect(embedder.breaker.state).toBe('closed');
  });

  it('passes the caller signal to the service and keeps model and dimensions', async () => {
    let seen: AbortSignal | undefined;
    const inner: Embedder = {
      model: 'm',
      dimensions: 2,
      embed: async (texts, options) => {
        seen = options?.signal;
        return texts.map(() => [0, 1]);
      },
    };
    const embedder = withCircuitBreaker(inner, { consecutiveFailures: 2, openMs: 1000 });
    const controller = new AbortController();
    await embedder.embed(['a'], { signal: controller.signal });
    expect(seen).toBe(controller.signal);
    expect([embedder.model, embedder.dimensions]).toEqual(['m', 2]);
  });
});
