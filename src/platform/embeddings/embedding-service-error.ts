// The typed failure of an embeddings call: a stable code, whether a later retry may help, and an operator-facing message.
import { type AppError, ConfigurationError, EmbeddingsUnavailableError, TimeoutError } from '../errors.js';

export type EmbeddingServiceErrorCode = 'EMBEDDINGS_UNAVAILABLE' | 'EMBEDDINGS_MISCONFIGURED' | 'EMBEDDINGS_TIMEOUT';

export interface EmbeddingServiceErrorOptions {
  /** HTTP status from the service, when there was a response. */
  status?: number;
  retryable?: boolean;
  /** What the caller of the tool (often a model) should do; the message itself is written for the operator. */
  nextStep?: string;
  cause?: unknown;
}

/**
 * Raised by embedders that call a service. Messages say what to check and never carry keys or tokens.
 * Not an AppError subclass because the platform ErrorCode union has no MISCONFIGURED/TIMEOUT embedding codes;
 * `toAppError()` maps it onto the platform hierarchy for the tool-result / HTTP layers.
 */
export class EmbeddingServiceError extends Error {
  override readonly name = 'EmbeddingServiceError';
  readonly code: EmbeddingServiceErrorCode;
  readonly status: number | undefined;
  readonly retryable: boolean;
  readonly nextStep: string | undefined;

  constructor(code: EmbeddingServiceErrorCode, message: string, options: EmbeddingServiceErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status;
    this.retryable = options.retryable ?? false;
    this.nextStep = options.nextStep;
  }

  /** The equivalent platform error (same message, retryability and next step, plus `fallback`; this error as the cause). */
  toAppError(fallback?: string): AppError {
    const nextStep = [this.nextStep, fallback].filter(Boolean).join(' ');
    const options = { retryable: this.retryable, cause: this, ...(nextStep ? { nextStep } : {}) };
    switch (this.code) {
      case 'EMBEDDINGS_MISCONFIGURED':
        return new ConfigurationError(this.message, options);
      case 'EMBEDDINGS_TIMEOUT':
        return new TimeoutError(this.message, options);
      case 'EMBEDDINGS_UNAVAILABLE':
        return new EmbeddingsUnavailableError(this.message, options);
    }
  }
}
