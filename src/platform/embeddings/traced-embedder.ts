// The embeddings client as telemetry sees it: one span per call (the GenAI embeddings client span), the calls counter
// and the duration histogram. Composed outside the circuit breaker, so a call the open circuit refuses is still a
// visible call (outcome `refused`, error.type `circuit_open`). Never records the texts, only how many there were.

import type { Config } from '../config.js';
import { EmbeddingsUnavailableError } from '../errors.js';
import { isCircuitOpenError } from '../resilience.js';
import type { Attributes, SpanKind, Telemetry } from '../telemetry.js';
import { errorType } from '../telemetry/error-type.js';
import { ATTR, METRIC, SPAN, VALUE } from '../telemetry/semconv.js';
import type { EmbedOptions, Embedder } from './embedder.js';

/** Who the embeddings calls go to, as the GenAI conventions describe it (set at span creation, for sampling). */
export interface EmbeddingsTarget {
  /** gen_ai.provider.name: `azure.ai.openai`, or `zava.local` for the in-process lexical embedder. */
  provider: string;
  /** gen_ai.request.model: the model named in the request (the Azure OpenAI deployment name). */
  requestModel: string;
  serverAddress?: string;
  serverPort?: number;
  /** `client` for a service; `internal` for an embedder running in this process. */
  kind: SpanKind;
}

type TargetSettings = Pick<Config, 'EMBEDDINGS_PROVIDER' | 'AZURE_OPENAI_ENDPOINT' | 'AZURE_OPENAI_EMBEDDING_DEPLOYMENT'>;

/** The target the configuration names; `model` is the embedder's own identity (used for the local embedder). */
export function embeddingsTarget(config: TargetSettings, model: string): EmbeddingsTarget {
  if (config.EMBEDDINGS_PROVIDER !== 'azure-openai') return { provider: VALUE.genAiProviderLocal, requestModel: model, kind: 'internal' };
  const target: EmbeddingsTarget = {
    provider: VALUE.genAiProviderAzureOpenAi,
    requestModel: config.AZURE_OPENAI_EMBEDDING_DEPLOYMENT,
    kind: 'client',
  };
  if (config.AZURE_OPENAI_ENDPOINT) {
    const url = new URL(config.AZURE_OPENAI_ENDPOINT);
    target.serverAddress = url.hostname;
    target.serverPort = url.port ? Number(url.port) : url.protocol === 'http:' ? 80 : 443;
  }
  return target;
}

/** The breaker's refusal (EMBEDDINGS_UNAVAILABLE caused by the open circuit), told apart from a failed service call. */
function isRefusal(error: unknown): boolean {
  return error instanceof EmbeddingsUnavailableError && isCircuitOpenError(error.cause);
}

export interface TracedEmbedderOptions {
  telemetry: Telemetry;
  target: EmbeddingsTarget;
}

/** Wraps `inner` so each `embed` call is a span and a measurement; the vectors and errors pass through unchanged. */
export function withTracing(inner: Embedder, options: TracedEmbedderOptions): Embedder {
  const { telemetry, target } = options;
  const common: Attributes = {
    [ATTR.genAiOperationName]: VALUE.genAiEmbeddings,
    [ATTR.genAiProviderName]: target.provider,
    [ATTR.genAiRequestModel]: target.requestModel,
    [ATTR.serverAddress]: target.serverAddress,
    [ATTR.serverPort]: target.serverPort,
  };
  const spanName = SPAN.embeddings(target.requestModel);

  return {
    model: inner.model,
    dimensions: inner.dimensions,
    async embed(texts: readonly string[], embedOptions: EmbedOptions = {}) {
      if (!telemetry.enabled) return inner.embed(texts, embedOptions);
      const started = performance.now();
      let inputTokens: number | undefined;
      const onUsage: EmbedOptions['onUsage'] = (usage) => {
        inputTokens = (inputTokens ?? 0) + usage.inputTokens;
        embedOptions.onUsage?.(usage);
      };
      let outcome: string = VALUE.outcomeOk;
      let failure: string | undefined;
      try {
        return await telemetry.span(
          spanName,
          { ...common, [ATTR.genAiEmbeddingsDimensionCount]: inner.dimensions, [ATTR.embeddingsInputs]: texts.length },
          async (span) => {
            try {
              return await inner.embed(texts, { ...embedOptions, onUsage });
            } catch (error) {
              const refused = isRefusal(error);
              outcome = refused ? VALUE.outcomeRefused : VALUE.outcomeError;
              failure = refused ? VALUE.circuitOpen : errorType(error);
              span.recordError(error);
              // zava.error.code too: the Application Insights exporter keeps it, not error.type.
              if (refused) span.setAttributes({ [ATTR.errorType]: failure, [ATTR.errorCode]: failure });
              throw error;
            } finally {
              if (inputTokens !== undefined) span.setAttributes({ [ATTR.genAiUsageInputTokens]: inputTokens });
            }
          },
          target.kind,
        );
      } finally {
        telemetry.count(METRIC.embeddingsCalls, 1, {
          [ATTR.genAiProviderName]: target.provider,
          [ATTR.genAiRequestModel]: target.requestModel,
          [ATTR.embeddingsOutcome]: outcome,
          [ATTR.errorType]: failure,
        });
        // A refused call never reached the service: its ~0 ms would only flatten the latency percentiles.
        if (outcome !== VALUE.outcomeRefused) {
          telemetry.record(METRIC.genAiClientOperationDuration, performance.now() - started, { ...common, [ATTR.errorType]: failure });
        }
      }
    },
  };
}
