// Parser-based guard for AI-written analytics SQL: the first line of defense in front of caller-written queries.
//
// The query is parsed with the real PostgreSQL 18 grammar (libpg-query, WASM) and the raw parse tree is walked
// completely. Everything is a whitelist and the guard fails closed: a node type, a field of a node, a function,
// a type, an operator, a relation or a schema that the guard does not know is refused. Row Level Security and a
// read-only role in the database remain the real boundary; this guard keeps side effects, session state,
// catalog access and obvious resource abuse from ever reaching the database, and tells the model what to fix.
//
// Modules: prechecks.ts (the text before parsing), parser.ts (the WASM parser's life cycle), tree.ts (reading
// the tree), tree-checker.ts + node-specs.ts (the walk), policy.ts (allow-lists and limits, as data),
// constant-eval.ts, estimates.ts and resource-caps.ts (caps on generate_series, repeat, lpad/rpad, format),
// refusal.ts (how a refusal travels back here).
//
// Decisions:
// - EXPLAIN (with or without ANALYZE) is refused: plans show planner estimates computed from statistics over
//   all stores (outside row-level security) and the text of the RLS policy filters.
// - Every function is checked wherever it appears (select list, WHERE, HAVING, ORDER BY, FROM / ROWS FROM /
//   LATERAL, window and aggregate clauses, CTEs), and also in attribute notation (`t.fn` means fn(t)). Only
//   unqualified or pg_catalog-qualified names are allowed; names compare exactly as the parser leaves them.
// - random() is allowed (no side effects; useful for sampling); setseed() is refused (session state).
// - regexp_* functions and the ~ operators are allowed: PostgreSQL's regex engine checks for interrupts, so the
//   statement timeout bounds them.
// - generate_series is FROM-only and row-capped from its constant arguments (numbers, or dates/timestamps built
//   from literals, CURRENT_DATE/now(), date_trunc and interval offsets, with a constant interval step);
//   repeat/lpad/rpad need a constant count/length <= 1000; format() needs a constant format string without
//   `*` widths or widths > 1000. Cross joins of allowed sources can still be large: the statement timeout and
//   the executor's row limit remain necessary.
// - TABLESAMPLE BERNOULLI/SYSTEM and COLLATE are allowed (harmless); XML, SQL/JSON constructors, $n parameters,
//   CURRENT_USER/SESSION_USER/CURRENT_SCHEMA, system columns (xmin, ctid, tableoid, ...) and casts to reg*,
//   oid-like or non-listed types are refused.
// - Unqualified relations must be retail tables or CTEs visible at that point (CTE scoping follows PostgreSQL:
//   plain WITH sees only earlier siblings, WITH RECURSIVE sees all, nothing leaks out of a subquery), because an
//   unqualified pg_class would resolve to pg_catalog.pg_class.
// - The text must not contain NUL characters or lone surrogates, so the parser and the database read the same
//   statement. The executor must keep standard_conforming_strings = on (the default): with it off, backslashes
//   in '...' literals would be lexed differently by the server than by this parser.
// - The fingerprint is a SHA-256 (first 128 bits, hex) of the tree's shape: node types, identifiers, operators
//   and options, without constants and positions; it is computed during the walk, so nothing is parsed twice.
// - The guard knows no tool names: a caller whose users look up schemas through a tool passes its name
//   (GuardOptions.schemaTool), and refusals about catalogs point at it.

import { parseText, statementText, workingParser } from './parser.js';
import { GUARD_LIMITS } from './policy.js';
import { checkText } from './prechecks.js';
import { Refusal } from './refusal.js';
import { TreeChecker } from './tree-checker.js';
import type { GuardOptions, GuardResult } from './types.js';

export type { GuardErrorCode, GuardOptions, GuardResult } from './types.js';

const DEFAULT_OPTIONS: GuardOptions = { maxQueryLength: GUARD_LIMITS.maxQueryLength };

/**
 * Checks that `sql` is exactly one read-only SELECT built only from allowed constructs.
 * Never throws for bad input; throws only if the parser itself cannot be loaded.
 */
export async function checkReadOnlySql(sql: string, options?: Partial<GuardOptions>): Promise<GuardResult> {
  const opts: GuardOptions = { ...DEFAULT_OPTIONS, ...options };
  try {
    const precheck = checkText(sql, opts.maxQueryLength);
    if (precheck) return precheck;
    const parser = await workingParser();
    const tree = parseText(parser, sql);
    const fingerprint = new TreeChecker(opts.schemaTool).checkParseResult(tree);
    return { ok: true, fingerprint, statement: statementText(sql, tree) };
  } catch (err) {
    if (err instanceof Refusal) return err.toResult();
    throw err;
  }
}
