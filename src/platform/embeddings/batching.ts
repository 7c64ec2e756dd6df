// Splits embedding inputs into requests that stay inside the service's per-request limits, without a tokenizer.

export interface BatchLimits {
  /** Most inputs in one request (Azure OpenAI embeddings: 2048). */
  maxInputsPerRequest: number;
  /** Most estimated tokens in one request (Azure OpenAI embeddings: ~300k). */
  maxTokensPerRequest: number;
  /** Most estimated tokens in one input; longer inputs are truncated (text-embedding-3 / ada-002: 8192). */
  maxTokensPerInput: number;
}

export const AZURE_OPENAI_BATCH_LIMITS: Readonly<BatchLimits> = {
  maxInputsPerRequest: 2048,
  maxTokensPerRequest: 300_000,
  maxTokensPerInput: 8192,
};

/**
 * Conservative token estimate: one token per 3 UTF-16 units. Real BPE averages ~4 characters per token for
 * English, so this over-counts on purpose; over-counting only costs an extra request, under-counting costs a 400.
 */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 3));
}

/** Cuts text to at most `maxTokens` by the estimate above, never splitting a surrogate pair. */
export function truncateToTokens(text: string, maxTokens: number): string {
  const maxChars = maxTokens * 3;
  if (text.length <= maxChars) return text;
  let end = maxChars;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end);
}

/** Groups already-truncated inputs, in order, into batches; each batch is a list of indexes into `texts`. */
export function planBatches(texts: readonly string[], limits: BatchLimits): number[][] {
  const batches: number[][] = [];
  let current: number[] = [];
  let currentTokens = 0;
  texts.forEach((text, index) => {
    const tokens = estimateTokens(text);
    const full = current.length >= limits.maxInputsPerRequest || currentTokens + tokens > limits.maxTokensPerRequest;
    if (full && current.length > 0) {
      batches.push(current);
      current = [];
      currentTokens = 0;
    }
    current.push(index);
    currentTokens += tokens;
  });
  if (current.length > 0) batches.push(current);
  return batches;
}
