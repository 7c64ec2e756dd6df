// The embeddings client behind the shared circuit breaker: after repeated failures of the service, calls are
// refused at once with EMBEDDINGS_UNAVAILABLE and the time to try again; after the open period one probe call
// passes (half-open) and its success closes the circuit.

import { EmbeddingsUnavailableError } from '../errors.js';
import { type BreakerState, type CircuitBreaker, createCircuitBreaker, isCircuitOpenError } from '../resilience.js';
import type { Telemetry } from '../telemetry.js';
import { ATTR, METRIC } from '../telemetry/semconv.js';
import type { EmbedOptions, Embedder } from './embedder.js';
import { EmbeddingServiceError } from './embedding-service-error.js';

export interface BreakerEmbedderOptions {
  /** Open after this many consecutive failed calls (each call already retried inside the embedder). */
  consecutiveFailures: number;
  /** How long the circuit stays open before one probe call may pass. */
  openMs: number;
  telemetry?: Telemetry;
  onStateChange?(state: BreakerState): void;
  now?: () => number;
}

const CIRCUIT_GAUGE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2, isolated: 2 };

/** What the caller (often a model) reads while the circuit is open. */
const OPEN_NEXT_STEP =
  'This is temporary: retry semantic_search_products after the time given. Meanwhile, find products with execute_sales_query (ILIKE on product_name or product_description); other tools keep working.';

/**
 * Failures of the service itself count; a misconfiguration (it will not heal by waiting, and must stay visible as
 * such), a caller's abort or bad input do not.
 */
function isServiceFailure(error: unknown): boolean {
  if (error instanceof EmbeddingServiceError)
    return error.code !== 'EMBEDDINGS_MISCONFIGURED' && (error.retryable || error.status === undefined || error.status >= 500);
  const name = (error as { name?: unknown } | null)?.name;
  return name !== 'AbortError' && name !== 'ValidationError';
}

export interface BreakerEmbedder extends Embedder {
  readonly breaker: CircuitBreaker;
  /** When the open circuit lets a probe through (ms since epoch); undefined unless open. */
  readonly retryAt: number | undefined;
}

export function withCircuitBreaker(inner: Embedder, options: BreakerEmbedderOptions): BreakerEmbedder {
  const now = options.now ?? Date.now;
  let openedAt: number | undefined;
  const breaker = createCircuitBreaker({
    halfOpenAfterMs: options.openMs,
    consecutiveFailures: options.consecutiveFailures,
    isFailure: isServiceFailure,
    onStateChange(state) {
      openedAt = state === 'open' ? now() : state === 'closed' ? undefined : openedAt;
      options.onStateChange?.(state);
    },
  });
  // The catalog's gauge: 0 closed, 1 half-open, 2 open (isolated counts as open).
  options.telemetry?.observe(METRIC.circuitState, () => [{ value: CIRCUIT_GAUGE[breaker.state], attributes: { [ATTR.circuitName]: 'embeddings' } }]);
  const retryAt = (): number | undefined => (openedAt === undefined ? undefined : openedAt + options.openMs);

  return {
    model: inner.model,
    dimensions: inner.dimensions,
    breaker,
    get retryAt() {
      return breaker.state === 'closed' ? undefined : retryAt();
    },
    async embed(texts: readonly string[], embedOptions: EmbedOptions = {}) {
      try {
        // The breaker's own signal is ignored: the call keeps the caller's (deadline, client gone).
        return await breaker.execute(() => inner.embed(texts, embedOptions), embedOptions.signal);
      } catch (error) {
        if (!isCircuitOpenError(error)) throw error;
        const at = retryAt() ?? now() + options.openMs;
        const seconds = Math.max(1, Math.ceil((at - now()) / 1000));
        throw new EmbeddingsUnavailableError(
          `The embeddings service is temporarily unavailable (it failed ${options.consecutiveFailures} times in a row); semantic search is paused until ${new Date(at).toISOString()} (in about ${seconds} s).`,
          { nextStep: OPEN_NEXT_STEP.replace('after the time given', `in about ${seconds} seconds`), retryable: true, cause: error },
        );
      }
    },
  };
}
