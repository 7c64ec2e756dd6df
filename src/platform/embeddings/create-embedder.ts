// Picks the embedder for the configured provider (local lexical by default, Azure OpenAI when configured).
import type { Config } from '../config.js';
import { ConfigurationError } from '../errors.js';
import { AzureOpenAIEmbedder, type AzureOpenAIEmbedderOptions } from './azure-openai-embedder.js';
import type { Embedder } from './embedder.js';
import { LocalEmbedder } from './local-embedder.js';

export interface EmbedderConfig {
  provider: 'local' | 'azure-openai';
  dimensions: number;
  /** Required when provider is 'azure-openai'. `dimensions` comes from the top level. */
  azureOpenAI?: Omit<AzureOpenAIEmbedderOptions, 'dimensions'>;
}

export function createEmbedder(config: EmbedderConfig): Embedder {
  switch (config.provider) {
    case 'local':
      return new LocalEmbedder({ dimensions: config.dimensions });
    case 'azure-openai': {
      if (!config.azureOpenAI?.endpoint) {
        throw new ConfigurationError('EMBEDDINGS_PROVIDER is azure-openai but no Azure OpenAI endpoint is configured.', {
          nextStep: 'Set AZURE_OPENAI_ENDPOINT to https://<resource>.openai.azure.com/, or set EMBEDDINGS_PROVIDER=local.',
        });
      }
      return new AzureOpenAIEmbedder({ ...config.azureOpenAI, dimensions: config.dimensions });
    }
  }
}

type EmbeddingSettings = Pick<
  Config,
  | 'EMBEDDINGS_PROVIDER'
  | 'EMBEDDING_DIMENSIONS'
  | 'AZURE_OPENAI_ENDPOINT'
  | 'AZURE_OPENAI_EMBEDDING_DEPLOYMENT'
  | 'AZURE_OPENAI_API_VERSION'
  | 'AZURE_OPENAI_API_KEY'
  | 'EMBEDDINGS_TIMEOUT_MS'
>;

/** Maps the app's environment configuration onto createEmbedder; `extra` adds test/CLI hooks (credential, sleep, onRetry). */
export function createEmbedderFromConfig(config: EmbeddingSettings, extra: Partial<Omit<AzureOpenAIEmbedderOptions, 'dimensions'>> = {}): Embedder {
  return createEmbedder({
    provider: config.EMBEDDINGS_PROVIDER,
    dimensions: config.EMBEDDING_DIMENSIONS,
    ...(config.EMBEDDINGS_PROVIDER === 'azure-openai'
      ? {
          azureOpenAI: {
            endpoint: config.AZURE_OPENAI_ENDPOINT ?? '',
            deployment: config.AZURE_OPENAI_EMBEDDING_DEPLOYMENT,
            apiVersion: config.AZURE_OPENAI_API_VERSION,
            timeoutMs: config.EMBEDDINGS_TIMEOUT_MS,
            ...(config.AZURE_OPENAI_API_KEY ? { apiKey: config.AZURE_OPENAI_API_KEY } : {}),
            ...extra,
          },
        }
      : {}),
  });
}
