// The WASM parser's life cycle (libpg-query: loaded lazily, once, and replaced when a call corrupts it) and
// parsing text into a raw parse tree.

import { createRequire } from 'node:module';
import type * as PgQuery from 'libpg-query';
import { Refusal, refuse } from './refusal.js';

type PgQueryApi = Pick<typeof PgQuery, 'loadModule' | 'parseSync' | 'SqlError'>;

/** One WASM instance of the parser. `broken` is set when a call into it failed in a way that may corrupt it. */
export interface ParserInstance {
  readonly api: PgQueryApi;
  broken: boolean;
}

let parserPromise: Promise<ParserInstance> | undefined;

/**
 * Loads the libpg-query WASM module on first use and keeps it. The package's CommonJS entry creates its WASM
 * instance when it is evaluated, so a broken instance (see parseText) is replaced by evaluating the entry again.
 */
function loadParser(): Promise<ParserInstance> {
  if (!parserPromise) {
    const loading = (async (): Promise<ParserInstance> => {
      // A fresh require each time: the old instance (and its WASM memory) is then referenced from nowhere.
      const req = createRequire(import.meta.url);
      const entry = req.resolve('libpg-query');
      delete req.cache[entry];
      const api = req(entry) as PgQueryApi;
      await api.loadModule();
      return { api, broken: false };
    })();
    parserPromise = loading;
    loading.catch(() => {
      if (parserPromise === loading) parserPromise = undefined;
    });
  }
  return parserPromise;
}

/** The loaded parser, replacing an instance that a failed call has marked as broken. */
export async function workingParser(): Promise<ParserInstance> {
  for (;;) {
    const loading = loadParser();
    const instance = await loading;
    if (!instance.broken) return instance;
    if (parserPromise === loading) parserPromise = undefined;
  }
}

/** The single statement's span; the parser reports it in UTF-8 bytes (length absent or 0 = to the end). */
export function statementText(sql: string, tree: PgQuery.ParseResult): string {
  const raw = (tree as unknown as { stmts: Array<{ stmt_location?: number; stmt_len?: number }> }).stmts[0];
  const start = raw?.stmt_location ?? 0;
  const bytes = Buffer.from(sql, 'utf8');
  return bytes
    .subarray(start, raw?.stmt_len ? start + raw.stmt_len : bytes.length)
    .toString('utf8')
    .trim();
}

/** Parses `sql`; syntax errors and parser failures become refusals. */
export function parseText(instance: ParserInstance, sql: string): PgQuery.ParseResult {
  const { api } = instance;
  try {
    return api.parseSync(sql);
  } catch (err) {
    if (err instanceof api.SqlError) {
      if (/stack depth|memory exhausted/i.test(err.message)) {
        refuse('query complexity', 'The query is nested too deeply. Simplify it (fewer nested subqueries or expressions).');
      }
      const pos = err.sqlDetails?.cursorPosition;
      const where = typeof pos === 'number' && pos >= 0 ? ` (at character ${pos + 1})` : '';
      throw new Refusal('SQL_SYNTAX', 'syntax', `Syntax error: ${err.message}${where}. Fix the SQL and try again.`);
    }
    // Anything else came from inside the WASM instance. In practice it is a RangeError: the parser serialises
    // its tree recursively, and a deep enough tree (about 2,500 nested scalar subqueries, or 9,000 terms of
    // 1+1+...) overflows the native stack. That unwinds the WASM code without restoring its own stack pointer and
    // leaves the instance corrupted, so it is never used again: the next check loads a fresh one (~10 ms).
    instance.broken = true;
    refuse('query complexity', 'The query could not be analysed safely (too complex or too deeply nested). Simplify it.');
  }
}
