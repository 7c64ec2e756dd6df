// The embedder contract: turns texts into fixed-length vectors. Implementations: local (lexical, offline) and Azure OpenAI.

export interface EmbedOptions {
  /** Aborts the call (per-call timeout or the request's deadline). */
  signal?: AbortSignal;
  /** Told the tokens the service counted, once per request it answered (the telemetry's usage figure). */
  onUsage?: (usage: { inputTokens: number }) => void;
}

export interface Embedder {
  /** Model identity stored next to each vector, so vectors of two models are never mixed silently. */
  readonly model: string;
  /** Length of every vector this embedder returns. */
  readonly dimensions: number;
  /** One vector per input text, in input order. */
  embed(texts: readonly string[], options?: EmbedOptions): Promise<number[][]>;
}

/** Formats a vector as a pgvector literal ('[0.1,0.2,...]') for a $n parameter cast to ::vector. */
export function toVectorLiteral(vector: readonly number[]): string {
  return `[${vector.join(',')}]`;
}
