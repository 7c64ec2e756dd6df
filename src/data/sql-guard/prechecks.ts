// Checks on the raw text before it reaches the parser: type, length, emptiness, and characters the parser and
// the database could read differently.

import type { GuardResult } from './types.js';

// A lone UTF-16 surrogate cannot be encoded as UTF-8; the parser and the database driver could disagree about it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A refusal for text that must not be parsed, or undefined when the text may go to the parser. */
export function checkText(sql: unknown, maxQueryLength: number): GuardResult | undefined {
  if (typeof sql !== 'string') {
    return { ok: false, code: 'SQL_NOT_ALLOWED', construct: 'empty query', message: 'The query must be a string containing one SELECT statement.' };
  }
  if (sql.length > maxQueryLength) {
    return {
      ok: false,
      code: 'SQL_TOO_LONG',
      construct: 'query length',
      message: `The query is ${sql.length} characters long; the limit is ${maxQueryLength}. Simplify it or split the analysis into several queries.`,
    };
  }
  if (sql.trim() === '') {
    return { ok: false, code: 'SQL_NOT_ALLOWED', construct: 'empty query', message: 'The query is empty. Send one SELECT statement.' };
  }
  if (sql.includes('\0')) {
    // The parser reads a C string and would stop at the NUL; the database might not. Never let them disagree.
    return { ok: false, code: 'SQL_NOT_ALLOWED', construct: 'NUL character', message: 'The query contains a NUL character. Remove it.' };
  }
  if (LONE_SURROGATE.test(sql)) {
    return {
      ok: false,
      code: 'SQL_NOT_ALLOWED',
      construct: 'invalid Unicode',
      message: 'The query contains invalid Unicode (a lone surrogate). Remove it.',
    };
  }
  return undefined;
}
