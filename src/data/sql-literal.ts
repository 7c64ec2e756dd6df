// The one audited place where a value becomes SQL text: used only where the protocol forbids parameters
// (the multi-statement setup of a tenant scope). Everything else uses $n placeholders.

/** Quotes a string as a standard SQL literal. Refuses NUL and backslashes so the result is the same under any setting. */
export function quoteLiteral(value: string): string {
  if (/[\0\\]/.test(value)) throw new Error('Refusing to quote a value containing NUL or backslash.');
  return `'${value.replace(/'/g, "''")}'`;
}
