// The error hierarchy: stable codes, a message for the caller, and a next step. Turned into tool results or
// HTTP statuses in one place each (src/protocol/tool-result.ts, src/http/*).

export type ErrorCode =
  | 'VALIDATION_ERROR'
  | 'SQL_NOT_ALLOWED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'SCOPE_TOO_NARROW'
  | 'DATABASE_ERROR'
  | 'TIMEOUT'
  | 'RESULT_TOO_LARGE'
  | 'BUSY'
  | 'EMBEDDINGS_UNAVAILABLE'
  | 'CONFIGURATION_ERROR'
  | 'INTERNAL_ERROR';

export abstract class AppError extends Error {
  abstract readonly code: ErrorCode;
  /** What the caller (often a model) should do next. */
  readonly nextStep: string | undefined;
  /** Whether retrying the same call later may succeed. */
  readonly retryable: boolean;

  constructor(message: string, options: { nextStep?: string; retryable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.nextStep = options.nextStep;
    this.retryable = options.retryable ?? false;
  }
}

export class ValidationError extends AppError {
  override readonly name = 'ValidationError';
  readonly code = 'VALIDATION_ERROR';
}

export class SqlNotAllowedError extends AppError {
  override readonly name = 'SqlNotAllowedError';
  readonly code = 'SQL_NOT_ALLOWED';
}

export class AuthenticationError extends AppError {
  override readonly name = 'AuthenticationError';
  readonly code = 'UNAUTHENTICATED';
}

export class AuthorizationError extends AppError {
  override readonly name = 'AuthorizationError';
  readonly code = 'FORBIDDEN';
}

export class NotFoundError extends AppError {
  override readonly name = 'NotFoundError';
  readonly code = 'NOT_FOUND';
}

/** The question needs more stores than the caller's scope holds (e.g. comparing stores with one store). */
export class ScopeTooNarrowError extends AppError {
  override readonly name = 'ScopeTooNarrowError';
  readonly code = 'SCOPE_TOO_NARROW';
}

export class DatabaseError extends AppError {
  override readonly name = 'DatabaseError';
  readonly code = 'DATABASE_ERROR';
  /** PostgreSQL SQLSTATE, when the error came from the server. */
  readonly sqlState: string | undefined;
  constructor(message: string, options: { nextStep?: string; retryable?: boolean; cause?: unknown; sqlState?: string } = {}) {
    super(message, options);
    this.sqlState = options.sqlState;
  }
}

export class TimeoutError extends AppError {
  override readonly name = 'TimeoutError';
  readonly code = 'TIMEOUT';
}

export class BusyError extends AppError {
  override readonly name = 'BusyError';
  readonly code = 'BUSY';
}

export class EmbeddingsUnavailableError extends AppError {
  override readonly name = 'EmbeddingsUnavailableError';
  readonly code = 'EMBEDDINGS_UNAVAILABLE';
}

export class ConfigurationError extends AppError {
  override readonly name = 'ConfigurationError';
  readonly code = 'CONFIGURATION_ERROR';
}

export class InternalError extends AppError {
  override readonly name = 'InternalError';
  readonly code = 'INTERNAL_ERROR';
}
