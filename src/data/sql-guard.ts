// Parser-based guard for AI-written analytics SQL: the first line of defense in front of execute_sales_query.
//
// The query is parsed with the real PostgreSQL 18 grammar (libpg-query, WASM) and the raw parse tree is walked
// completely. Everything is a whitelist and the guard fails closed: a node type, a field of a node, a function,
// a type, an operator, a relation or a schema that the guard does not know is refused. Row Level Security and a
// read-only role in the database remain the real boundary; this guard keeps side effects, session state,
// catalog access and obvious resource abuse from ever reaching the database, and tells the model what to fix.
//
// Allow-lists and limits live in ./sql-guard-policy.ts.
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

import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as PgQuery from 'libpg-query';
import {
  ALLOWED_AEXPR_KINDS,
  ALLOWED_FUNCTIONS,
  ALLOWED_OPERATORS,
  ALLOWED_SCHEMA,
  ALLOWED_SQL_VALUE_FUNCTIONS,
  ALLOWED_SUBLINK_TYPES,
  ALLOWED_TABLESAMPLE_METHODS,
  ALLOWED_TYPES,
  FROM_ONLY_FUNCTIONS,
  FUNCTION_DENY_RULES,
  GUARD_LIMITS,
  RETAIL_TABLES,
  SCHEMA_TOOL_NAME,
  STATEMENT_LABELS,
  SYSTEM_COLUMNS,
  TYPE_DENY_RULES,
} from './sql-guard-policy.js';

export interface GuardOptions {
  /** Maximum query length in characters (default 20000). */
  maxQueryLength: number;
}

export type GuardErrorCode = 'SQL_NOT_ALLOWED' | 'SQL_SYNTAX' | 'SQL_TOO_LONG';

export type GuardResult =
  | {
      ok: true;
      fingerprint: string;
      /** The one statement's own text: no surrounding comments or semicolons (which would break a wrapper). */
      statement: string;
      normalized?: string;
    }
  | { ok: false; code: GuardErrorCode; message: string; construct?: string };

const DEFAULT_OPTIONS: GuardOptions = { maxQueryLength: GUARD_LIMITS.maxQueryLength };

/**
 * Checks that `sql` is exactly one read-only SELECT built only from allowed constructs.
 * Never throws for bad input; throws only if the parser itself cannot be loaded.
 */
export async function checkReadOnlySql(sql: string, options?: Partial<GuardOptions>): Promise<GuardResult> {
  const opts: GuardOptions = { ...DEFAULT_OPTIONS, ...options };
  try {
    const precheck = checkText(sql, opts);
    if (precheck) return precheck;
    const parser = await workingParser();
    const tree = parseText(parser, sql);
    const fingerprint = new TreeChecker().checkParseResult(tree);
    return { ok: true, fingerprint, statement: statementText(sql, tree) };
  } catch (err) {
    if (err instanceof Refusal) return err.toResult();
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Refusals

class Refusal extends Error {
  constructor(
    readonly code: GuardErrorCode,
    readonly construct: string,
    message: string,
  ) {
    super(message);
    this.name = 'Refusal';
  }

  toResult(): GuardResult {
    return { ok: false, code: this.code, message: this.message, construct: this.construct };
  }
}

function refuse(construct: string, message: string): never {
  throw new Refusal('SQL_NOT_ALLOWED', construct, message);
}

/** For parse-tree shapes the guard does not understand: refuse, naming the node and field. */
function unsupported(what: string): never {
  refuse(what, `Unsupported SQL construct (${what}) in an analytics query. Rewrite the query using plain SELECT syntax.`);
}

// ---------------------------------------------------------------------------------------------------------------
// Text checks before parsing

// A lone UTF-16 surrogate cannot be encoded as UTF-8; the parser and the database driver could disagree about it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function checkText(sql: unknown, opts: GuardOptions): GuardResult | undefined {
  if (typeof sql !== 'string') {
    return { ok: false, code: 'SQL_NOT_ALLOWED', construct: 'empty query', message: 'The query must be a string containing one SELECT statement.' };
  }
  if (sql.length > opts.maxQueryLength) {
    return {
      ok: false,
      code: 'SQL_TOO_LONG',
      construct: 'query length',
      message: `The query is ${sql.length} characters long; the limit is ${opts.maxQueryLength}. Simplify it or split the analysis into several queries.`,
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

// ---------------------------------------------------------------------------------------------------------------
// Parser loading (lazy, once) and parsing

type PgQueryApi = Pick<typeof PgQuery, 'loadModule' | 'parseSync' | 'SqlError'>;

/** One WASM instance of the parser. `broken` is set when a call into it failed in a way that may corrupt it. */
interface ParserInstance {
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
async function workingParser(): Promise<ParserInstance> {
  for (;;) {
    const loading = loadParser();
    const instance = await loading;
    if (!instance.broken) return instance;
    if (parserPromise === loading) parserPromise = undefined;
  }
}

/** The single statement's span; the parser reports it in UTF-8 bytes (length absent or 0 = to the end). */
function statementText(sql: string, tree: PgQuery.ParseResult): string {
  const raw = (tree as unknown as { stmts: Array<{ stmt_location?: number; stmt_len?: number }> }).stmts[0];
  const start = raw?.stmt_location ?? 0;
  const bytes = Buffer.from(sql, 'utf8');
  return bytes
    .subarray(start, raw?.stmt_len ? start + raw.stmt_len : bytes.length)
    .toString('utf8')
    .trim();
}

function parseText(instance: ParserInstance, sql: string): PgQuery.ParseResult {
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

// ---------------------------------------------------------------------------------------------------------------
// Parse-tree walking

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The single key of a wrapped node ({ "FuncCall": {...} }), with its body. */
function unwrap(n: unknown): [string, Obj] | undefined {
  if (!isObj(n)) return undefined;
  let found: [string, Obj] | undefined;
  for (const key in n) {
    if (found) return undefined;
    const body = n[key];
    if (!isObj(body)) return undefined;
    found = [key, body];
  }
  return found;
}

function isEmptyObj(v: unknown): boolean {
  if (!isObj(v)) return false;
  for (const _ in v) return false;
  return true;
}

function asList(v: unknown, what: string): unknown[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) unsupported(what);
  return v;
}

/** Strings of a name list ([{String:{sval}}...]), or undefined if it is anything else. */
function nameList(v: unknown): string[] | undefined {
  if (!Array.isArray(v) || v.length === 0) return undefined;
  const out: string[] = [];
  for (const item of v) {
    const u = unwrap(item);
    if (u?.[0] !== 'String') return undefined;
    const s = u[1].sval;
    if (typeof s !== 'string') return undefined;
    out.push(s);
  }
  return out;
}

function quoteIdent(s: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(s) ? s : `"${s.replace(/"/g, '""')}"`;
}

/** How the fields of a generically checked node are treated. */
type FieldKind =
  | 'loc' // location-like number: checked, ignored for the fingerprint
  | 'skip' // validated by the node's own handler
  | 'scalar' // string / number / boolean
  | 'node' // one wrapped node
  | 'list' // array of wrapped nodes
  | 'alias' // inline Alias
  | 'window'; // inline WindowDef

type Spec = Readonly<Record<string, FieldKind>>;

/** Node types checked only structurally (their children are checked by the walk). */
const GENERIC_SPECS: Readonly<Record<string, Spec>> = {
  BoolExpr: { boolop: 'scalar', args: 'list', location: 'loc' },
  CaseExpr: { arg: 'node', args: 'list', defresult: 'node', location: 'loc' },
  CaseWhen: { expr: 'node', result: 'node', location: 'loc' },
  CoalesceExpr: { args: 'list', location: 'loc' },
  MinMaxExpr: { op: 'scalar', args: 'list', location: 'loc' },
  NullTest: { arg: 'node', nulltesttype: 'scalar', argisrow: 'scalar', location: 'loc' },
  BooleanTest: { arg: 'node', booltesttype: 'scalar', location: 'loc' },
  WindowDef: {
    name: 'scalar',
    refname: 'scalar',
    partitionClause: 'list',
    orderClause: 'list',
    frameOptions: 'scalar',
    startOffset: 'node',
    endOffset: 'node',
    location: 'loc',
  },
  RangeSubselect: { lateral: 'scalar', subquery: 'node', alias: 'alias' },
  JoinExpr: {
    jointype: 'scalar',
    isNatural: 'scalar',
    larg: 'node',
    rarg: 'node',
    usingClause: 'list',
    join_using_alias: 'alias',
    quals: 'node',
    alias: 'alias',
    rtindex: 'loc',
  },
  A_Star: {},
  A_Indices: { is_slice: 'scalar', lidx: 'node', uidx: 'node' },
  A_ArrayExpr: { elements: 'list', list_start: 'loc', list_end: 'loc', location: 'loc' },
  RowExpr: { args: 'list', row_format: 'scalar', colnames: 'list', location: 'loc' },
  GroupingSet: { kind: 'scalar', content: 'list', location: 'loc' },
  GroupingFunc: { args: 'list', location: 'loc' },
  String: { sval: 'scalar' },
  Integer: { ival: 'scalar' },
  Float: { fval: 'scalar' },
  Boolean: { boolval: 'scalar' },
  BitString: { bsval: 'scalar' },
  List: { items: 'list' },
  NamedArgExpr: { arg: 'node', name: 'scalar', argnumber: 'loc', location: 'loc' },
  CollateClause: { arg: 'node', collname: 'list', location: 'loc' },
};

const ALIAS_SPEC: Spec = { aliasname: 'scalar', colnames: 'list' };

/** Refused node types with a specific explanation (any other unknown node gets the generic one). */
const NODE_REFUSALS: Readonly<Record<string, string>> = {
  ParamRef: 'Parameter placeholders ($1, $2, ...) are not supported. Write the values into the query as literals.',
  XmlExpr: 'XML expressions are not allowed in analytics queries. Remove them.',
  XmlSerialize: 'XML expressions are not allowed in analytics queries. Remove them.',
  RangeTableFunc: 'XMLTABLE is not allowed in analytics queries. Remove it.',
  JsonTable: 'JSON_TABLE is not supported. Use the -> / ->> operators or jsonb functions instead.',
  JsonObjectConstructor: 'SQL/JSON constructors are not supported. Use json_build_object / jsonb_build_object instead.',
  JsonArrayConstructor: 'SQL/JSON constructors are not supported. Use json_build_array / jsonb_build_array instead.',
  JsonArrayQueryConstructor: 'SQL/JSON constructors are not supported. Use json_agg / jsonb_agg instead.',
  JsonObjectAgg: 'SQL/JSON aggregates are not supported. Use json_object_agg / jsonb_object_agg instead.',
  JsonArrayAgg: 'SQL/JSON aggregates are not supported. Use json_agg / jsonb_agg instead.',
  JsonIsPredicate: 'IS JSON predicates are not supported. Remove them.',
  JsonFuncExpr: 'SQL/JSON query functions are not supported. Use the -> / ->> operators or jsonb functions instead.',
  JsonParseExpr: 'SQL/JSON functions are not supported. Cast to json/jsonb instead.',
  JsonScalarExpr: 'SQL/JSON functions are not supported. Use to_json / to_jsonb instead.',
  JsonSerializeExpr: 'SQL/JSON functions are not supported. Cast to text instead.',
  SetToDefault: 'DEFAULT is only valid in INSERT/UPDATE, which are not allowed. Send a SELECT.',
  CurrentOfExpr: 'WHERE CURRENT OF is not allowed. Send a plain SELECT.',
  MultiAssignRef: 'Multi-column assignment is only valid in UPDATE, which is not allowed. Send a SELECT.',
};

interface Scope {
  readonly ctes: ReadonlySet<string>;
  readonly parent: Scope | undefined;
}

function cteVisible(scope: Scope | undefined, name: string): boolean {
  for (let s = scope; s; s = s.parent) if (s.ctes.has(name)) return true;
  return false;
}

function checkDepth(depth: number): void {
  if (depth > GUARD_LIMITS.maxTreeDepth) {
    refuse('query complexity', `The query is nested more than ${GUARD_LIMITS.maxTreeDepth} levels deep. Simplify it.`);
  }
}

/** Where a FuncCall sits: a FROM item (RangeFunction) or an expression. */
type FuncPosition = 'from' | 'expr';

class TreeChecker {
  /** Shape tokens for the fingerprint: node types, identifiers and options, never constant values or positions. */
  private readonly shape: string[] = [];

  checkParseResult(tree: PgQuery.ParseResult): string {
    const stmts = asList((tree as unknown as Obj).stmts, 'ParseResult.stmts');
    if (stmts.length === 0) {
      refuse('empty query', 'The query contains no statement (only comments or semicolons). Send one SELECT statement.');
    }
    if (stmts.length > 1) {
      refuse('multiple statements', `Only a single SELECT statement is allowed; found ${stmts.length} statements. Send one query per call.`);
    }
    const raw = stmts[0];
    if (!isObj(raw)) unsupported('RawStmt');
    const top = unwrap(raw.stmt);
    if (!top) unsupported('RawStmt.stmt');
    const [type, body] = top;
    if (type !== 'SelectStmt') this.refuseStatement(type, body);
    this.selectStmt(body, undefined, 1);
    return createHash('sha256').update(this.shape.join('\u001f')).digest('hex').slice(0, 32);
  }

  private refuseStatement(type: string, body: Obj): never {
    if (type === 'ExplainStmt') {
      refuse(
        'EXPLAIN',
        'EXPLAIN is not allowed: plans expose planner statistics gathered across all stores (outside row-level security) and internal policy details. Send the SELECT itself.',
      );
    }
    if (type === 'VariableSetStmt' || type === 'VariableShowStmt') {
      refuse(
        STATEMENT_LABELS[type] ?? type,
        `${STATEMENT_LABELS[type] ?? type} statements are not allowed: session settings cannot be read or changed, and the caller's store scope is applied automatically. Send one SELECT statement.`,
      );
    }
    if (type === 'CreateTableAsStmt') {
      const label = body.objtype === 'OBJECT_MATVIEW' ? 'CREATE MATERIALIZED VIEW' : 'CREATE TABLE AS';
      refuse(label, `${label} is not allowed: analytics queries are read-only. Send the SELECT itself.`);
    }
    const label = STATEMENT_LABELS[type] ?? type;
    refuse(label, `Only a single read-only SELECT statement is allowed; ${label} statements are not. Rewrite the request as one SELECT query.`);
  }

  // --- generic nodes ---------------------------------------------------------------------------------------------

  private node(n: unknown, scope: Scope | undefined, depth: number, owner: string): void {
    const u = unwrap(n);
    if (!u) unsupported(`${owner} (unexpected parse tree shape)`);
    const [type, body] = u;
    checkDepth(depth);
    this.shape.push(type);
    switch (type) {
      case 'SelectStmt':
        return this.selectStmt(body, scope, depth);
      case 'ResTarget':
        return this.resTarget(body, scope, depth);
      case 'ColumnRef':
        return this.columnRef(body, scope, depth);
      case 'A_Const':
        return this.aConst(body);
      case 'A_Expr':
        return this.aExpr(body, scope, depth);
      case 'FuncCall':
        return this.funcCall(body, scope, depth, 'expr');
      case 'TypeCast':
        return this.typeCast(body, scope, depth);
      case 'RangeVar':
        return this.rangeVar(body, scope);
      case 'RangeFunction':
        return this.rangeFunction(body, scope, depth);
      case 'RangeTableSample':
        return this.rangeTableSample(body, scope, depth);
      case 'SubLink':
        return this.subLink(body, scope, depth);
      case 'SortBy':
        return this.sortBy(body, scope, depth);
      case 'A_Indirection':
        return this.aIndirection(body, scope, depth);
      case 'SQLValueFunction':
        return this.sqlValueFunction(body);
      default: {
        const spec = GENERIC_SPECS[type];
        if (!spec) {
          const reason = NODE_REFUSALS[type];
          if (reason) refuse(type, reason);
          refuse(type, `The SQL construct ${type} is not allowed in analytics queries. Rewrite the query using plain SELECT syntax.`);
        }
        this.fields(type, body, spec, scope, depth);
      }
    }
  }

  private fields(type: string, body: Obj, spec: Spec, scope: Scope | undefined, depth: number): void {
    for (const key in body) {
      const kind = spec[key];
      const value = body[key];
      switch (kind) {
        case 'loc':
          if (typeof value !== 'number') unsupported(`${type}.${key}`);
          break;
        case 'skip':
          break;
        case 'scalar':
          if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') unsupported(`${type}.${key}`);
          this.shape.push(`${key}=${String(value)}`);
          break;
        case 'node':
          this.node(value, scope, depth + 1, `${type}.${key}`);
          break;
        case 'list':
          for (const item of asList(value, `${type}.${key}`)) this.node(item, scope, depth + 1, `${type}.${key}`);
          break;
        case 'alias':
          if (!isObj(value)) unsupported(`${type}.${key}`);
          this.shape.push('Alias');
          this.fields('Alias', value, ALIAS_SPEC, scope, depth + 1);
          break;
        case 'window':
          if (!isObj(value)) unsupported(`${type}.${key}`);
          this.shape.push('WindowDef');
          this.fields('WindowDef', value, GENERIC_SPECS.WindowDef ?? {}, scope, depth + 1);
          break;
        default:
          unsupported(`${type}.${key}`);
      }
    }
  }

  // --- statements and scopes -------------------------------------------------------------------------------------

  private selectStmt(b: Obj, outer: Scope | undefined, depth: number): void {
    checkDepth(depth);
    if (b.intoClause !== undefined) {
      refuse('SELECT INTO', 'SELECT INTO creates a table and is not allowed: analytics queries are read-only. Remove the INTO clause.');
    }
    if (b.lockingClause !== undefined) {
      const first = unwrap(asList(b.lockingClause, 'SelectStmt.lockingClause')[0]);
      const strength = first && typeof first[1].strength === 'string' ? first[1].strength : '';
      const label =
        { LCS_FORKEYSHARE: 'FOR KEY SHARE', LCS_FORSHARE: 'FOR SHARE', LCS_FORNOKEYUPDATE: 'FOR NO KEY UPDATE', LCS_FORUPDATE: 'FOR UPDATE' }[
          strength
        ] ?? 'FOR UPDATE/SHARE';
      refuse(label, `Locking clauses (${label}) are not allowed: analytics queries are read-only. Remove the clause.`);
    }
    let scope = outer;
    if (b.withClause !== undefined) scope = this.withClause(b.withClause, outer, depth + 1);

    for (const key in b) {
      const value = b[key];
      switch (key) {
        case 'withClause':
          break; // done above
        case 'op':
          if (value !== 'SETOP_NONE' && value !== 'SETOP_UNION' && value !== 'SETOP_INTERSECT' && value !== 'SETOP_EXCEPT') {
            unsupported(`SelectStmt.op=${String(value)}`);
          }
          this.shape.push(`op=${value}`);
          break;
        case 'all':
        case 'groupDistinct':
          if (typeof value !== 'boolean') unsupported(`SelectStmt.${key}`);
          this.shape.push(`${key}=${value}`);
          break;
        case 'limitOption':
          if (value !== 'LIMIT_OPTION_DEFAULT' && value !== 'LIMIT_OPTION_COUNT' && value !== 'LIMIT_OPTION_WITH_TIES') {
            unsupported(`SelectStmt.limitOption=${String(value)}`);
          }
          this.shape.push(`limit=${value}`);
          break;
        case 'larg':
        case 'rarg':
          // Set-operation branches are inline SelectStmt bodies; they see the CTEs of this statement.
          if (!isObj(value)) unsupported(`SelectStmt.${key}`);
          this.shape.push(key);
          this.selectStmt(value, scope, depth + 1);
          break;
        case 'distinctClause':
          // Plain DISTINCT is a list holding one empty node; DISTINCT ON lists expressions.
          this.shape.push('distinct');
          for (const item of asList(value, 'SelectStmt.distinctClause')) {
            if (!isEmptyObj(item)) this.node(item, scope, depth + 1, 'SelectStmt.distinctClause');
          }
          break;
        case 'targetList':
        case 'fromClause':
        case 'groupClause':
        case 'windowClause':
        case 'valuesLists':
        case 'sortClause':
          this.shape.push(key);
          for (const item of asList(value, `SelectStmt.${key}`)) this.node(item, scope, depth + 1, `SelectStmt.${key}`);
          break;
        case 'whereClause':
        case 'havingClause':
        case 'limitOffset':
        case 'limitCount':
          this.shape.push(key);
          this.node(value, scope, depth + 1, `SelectStmt.${key}`);
          break;
        default:
          unsupported(`SelectStmt.${key}`);
      }
    }
    if ((b.op ?? 'SETOP_NONE') !== 'SETOP_NONE' && (!isObj(b.larg) || !isObj(b.rarg))) unsupported('SelectStmt set operation');
  }

  /** Checks the CTEs of a WITH clause and returns the scope in which the statement's body sees them. */
  private withClause(w: unknown, outer: Scope | undefined, depth: number): Scope {
    if (!isObj(w)) unsupported('WithClause');
    for (const key in w) if (key !== 'ctes' && key !== 'recursive' && key !== 'location') unsupported(`WithClause.${key}`);
    const recursive = w.recursive === true;
    this.shape.push(recursive ? 'WITH RECURSIVE' : 'WITH');
    const ctes: Obj[] = [];
    const names: string[] = [];
    for (const item of asList(w.ctes, 'WithClause.ctes')) {
      const u = unwrap(item);
      if (u?.[0] !== 'CommonTableExpr') unsupported('WithClause.ctes');
      const name = u[1].ctename;
      if (typeof name !== 'string') unsupported('CommonTableExpr.ctename');
      ctes.push(u[1]);
      names.push(name);
    }
    const all: Scope = { ctes: new Set(names), parent: outer };
    ctes.forEach((cte, i) => {
      // WITH RECURSIVE: every CTE of the list is visible in every CTE body. Plain WITH: only the earlier ones;
      // a reference to a later sibling falls through to a real table of that name, as in PostgreSQL.
      const bodyScope = recursive ? all : { ctes: new Set(names.slice(0, i)), parent: outer };
      this.commonTableExpr(cte, bodyScope, depth + 1);
    });
    return all;
  }

  private commonTableExpr(c: Obj, scope: Scope, depth: number): void {
    const name = String(c.ctename);
    for (const key in c) {
      const value = c[key];
      switch (key) {
        case 'ctename':
          this.shape.push(`cte=${name}`);
          break;
        case 'location':
          break;
        case 'ctematerialized':
          if (typeof value !== 'string') unsupported('CommonTableExpr.ctematerialized');
          this.shape.push(`mat=${value}`);
          break;
        case 'aliascolnames':
          for (const item of asList(value, 'CommonTableExpr.aliascolnames')) this.node(item, scope, depth + 1, 'CommonTableExpr.aliascolnames');
          break;
        case 'ctequery': {
          const u = unwrap(value);
          if (!u) unsupported('CommonTableExpr.ctequery');
          if (u[0] !== 'SelectStmt') {
            const label = STATEMENT_LABELS[u[0]] ?? u[0];
            refuse(
              `data-modifying CTE (${label})`,
              `Data-modifying statements inside WITH are not allowed: CTE ${quoteIdent(name)} contains ${label}. Analytics queries are read-only; use SELECT in every CTE.`,
            );
          }
          this.shape.push('SelectStmt');
          this.selectStmt(u[1], scope, depth + 1);
          break;
        }
        case 'search_clause':
          if (!isObj(value)) unsupported('CommonTableExpr.search_clause');
          this.shape.push('SEARCH');
          this.fields(
            'CTESearchClause',
            value,
            { search_col_list: 'list', search_breadth_first: 'scalar', search_seq_column: 'scalar', location: 'loc' },
            scope,
            depth + 1,
          );
          break;
        case 'cycle_clause':
          if (!isObj(value)) unsupported('CommonTableExpr.cycle_clause');
          this.shape.push('CYCLE');
          this.fields(
            'CTECycleClause',
            value,
            {
              cycle_col_list: 'list',
              cycle_mark_column: 'scalar',
              cycle_mark_value: 'node',
              cycle_mark_default: 'node',
              cycle_path_column: 'scalar',
              location: 'loc',
            },
            scope,
            depth + 1,
          );
          break;
        default:
          unsupported(`CommonTableExpr.${key}`);
      }
    }
  }

  // --- relations -----------------------------------------------------------------------------------------------

  private rangeVar(b: Obj, scope: Scope | undefined): void {
    for (const key in b) {
      if (!['catalogname', 'schemaname', 'relname', 'inh', 'relpersistence', 'alias', 'location'].includes(key)) unsupported(`RangeVar.${key}`);
    }
    const rel = b.relname;
    if (typeof rel !== 'string') unsupported('RangeVar.relname');
    const schema = b.schemaname;
    const catalog = b.catalogname;
    if (schema !== undefined && typeof schema !== 'string') unsupported('RangeVar.schemaname');
    if (b.relpersistence !== undefined && b.relpersistence !== 'p') unsupported('RangeVar.relpersistence');
    const display = [catalog, schema, rel]
      .filter((p): p is string => typeof p === 'string')
      .map(quoteIdent)
      .join('.');
    const available = `Available tables: ${[...RETAIL_TABLES].join(', ')}.`;

    if (catalog !== undefined) {
      refuse(
        `relation ${display}`,
        `Relation ${display} is not accessible: cross-database names are not supported. Query the retail tables. ${available}`,
      );
    }
    if (schema === undefined) {
      if (!cteVisible(scope, rel) && !RETAIL_TABLES.has(rel)) {
        refuse(
          `relation ${display}`,
          `Relation ${display} is not accessible: it is neither a retail table nor a CTE defined in this query. ${available} Use the ${SCHEMA_TOOL_NAME} tool for schema information.`,
        );
      }
    } else if (schema !== ALLOWED_SCHEMA) {
      if (schema === 'app') {
        refuse(
          `relation ${display}`,
          `Relation ${display} is not accessible: schema app is internal. The caller's store scope is applied automatically; query the retail tables. Use the ${SCHEMA_TOOL_NAME} tool for schema information.`,
        );
      }
      refuse(
        `relation ${display}`,
        `Relation ${display} is not accessible; only schema ${ALLOWED_SCHEMA} can be queried. Use the ${SCHEMA_TOOL_NAME} tool to inspect tables. ${available}`,
      );
    } else if (!RETAIL_TABLES.has(rel)) {
      refuse(
        `relation ${display}`,
        `Relation ${display} does not exist in the analytics schema. ${available} Use the ${SCHEMA_TOOL_NAME} tool for schema information.`,
      );
    }
    this.shape.push(`rel=${schema ?? ''}.${rel}`, `inh=${String(b.inh ?? false)}`);
    if (b.alias !== undefined) {
      if (!isObj(b.alias)) unsupported('RangeVar.alias');
      this.shape.push('Alias');
      this.fields('Alias', b.alias, ALIAS_SPEC, scope, 0);
    }
  }

  private rangeFunction(b: Obj, scope: Scope | undefined, depth: number): void {
    // Functions first, so that a refused function is reported as such even with a column definition list.
    const keys = Object.keys(b).sort((x, y) => Number(y === 'functions') - Number(x === 'functions'));
    for (const key of keys) {
      const value = b[key];
      switch (key) {
        case 'lateral':
        case 'ordinality':
        case 'is_rowsfrom':
          if (typeof value !== 'boolean') unsupported(`RangeFunction.${key}`);
          this.shape.push(`${key}=${value}`);
          break;
        case 'alias':
          if (!isObj(value)) unsupported('RangeFunction.alias');
          this.shape.push('Alias');
          this.fields('Alias', value, ALIAS_SPEC, scope, depth + 1);
          break;
        case 'coldeflist':
          refuse(
            'column definition list',
            'Column definition lists (AS t(col type)) in FROM are not allowed. Use a function from the allowed list without one.',
          );
          break;
        case 'functions':
          for (const item of asList(value, 'RangeFunction.functions')) {
            // Each entry is List[function call, column definition list or empty].
            const u = unwrap(item);
            if (u?.[0] !== 'List') unsupported('RangeFunction.functions');
            const items = asList(u[1].items, 'RangeFunction.functions');
            const [call, coldefs, ...rest] = items;
            if (rest.length > 0) unsupported('RangeFunction.functions');
            if (coldefs !== undefined && !isEmptyObj(coldefs)) {
              refuse(
                'column definition list',
                'Column definition lists (AS t(col type)) in FROM are not allowed. Use a function from the allowed list without one.',
              );
            }
            const fu = unwrap(call);
            if (fu?.[0] !== 'FuncCall') {
              refuse(
                fu ? fu[0] : 'FROM item',
                `Only calls of allowed functions (such as generate_series or unnest) can be used as FROM items${fu ? `; found ${fu[0]}` : ''}.`,
              );
            }
            this.shape.push('FuncCall');
            this.funcCall(fu[1], scope, depth + 1, 'from');
          }
          break;
        default:
          unsupported(`RangeFunction.${key}`);
      }
    }
  }

  private rangeTableSample(b: Obj, scope: Scope | undefined, depth: number): void {
    for (const key in b) {
      const value = b[key];
      switch (key) {
        case 'relation': {
          const u = unwrap(value);
          if (u?.[0] !== 'RangeVar') unsupported('TABLESAMPLE on a non-table');
          this.shape.push('RangeVar');
          this.rangeVar(u[1], scope);
          break;
        }
        case 'method': {
          const names = nameList(value);
          const method = names?.length === 1 ? names[0] : undefined;
          if (method === undefined || !ALLOWED_TABLESAMPLE_METHODS.has(method)) {
            const shown = names?.join('.') ?? '?';
            refuse(`TABLESAMPLE ${shown}`, `TABLESAMPLE method ${shown} is not allowed. Use TABLESAMPLE BERNOULLI (p) or SYSTEM (p).`);
          }
          this.shape.push(`method=${method}`);
          break;
        }
        case 'args':
          for (const item of asList(value, 'RangeTableSample.args')) this.node(item, scope, depth + 1, 'RangeTableSample.args');
          break;
        case 'repeatable':
          this.node(value, scope, depth + 1, 'RangeTableSample.repeatable');
          break;
        case 'location':
          break;
        default:
          unsupported(`RangeTableSample.${key}`);
      }
    }
  }

  // --- expressions ---------------------------------------------------------------------------------------------

  private resTarget(b: Obj, scope: Scope | undefined, depth: number): void {
    if (b.indirection !== undefined) unsupported('ResTarget.indirection');
    this.fields('ResTarget', b, { name: 'scalar', val: 'node', location: 'loc' }, scope, depth);
  }

  private columnRef(b: Obj, scope: Scope | undefined, depth: number): void {
    const fields = asList(b.fields, 'ColumnRef.fields');
    // rel.fn is PostgreSQL's functional notation for fn(rel): keep refused function names out of it.
    const last = unwrap(fields[fields.length - 1]);
    if (last && last[0] === 'String' && typeof last[1].sval === 'string') {
      const column = last[1].sval;
      if (SYSTEM_COLUMNS.has(column)) {
        refuse(`system column ${column}`, `System column ${column} is not available in analytics queries. Select business columns instead.`);
      }
      if (fields.length >= 2) this.checkAttributeName(column);
    }
    this.fields('ColumnRef', b, { fields: 'list', location: 'loc' }, scope, depth);
  }

  private aIndirection(b: Obj, scope: Scope | undefined, depth: number): void {
    for (const item of asList(b.indirection, 'A_Indirection.indirection')) {
      const u = unwrap(item);
      if (u && u[0] === 'String' && typeof u[1].sval === 'string') this.checkAttributeName(u[1].sval);
    }
    this.fields('A_Indirection', b, { arg: 'node', indirection: 'list' }, scope, depth);
  }

  private checkAttributeName(name: string): void {
    // Broad rules (current_*, has_*, ...) are skipped here: they would catch ordinary CTE column names.
    const reason =
      denyReason(NARROW_FUNCTION_DENY_RULES, name) ?? (name.toLowerCase().startsWith('pg_') ? 'system functions are not available' : undefined);
    if (reason) {
      refuse(
        `function ${name}`,
        `Function ${quoteIdent(name)} is not allowed in analytics queries (also not in attribute notation x.${quoteIdent(name)}): ${reason}. Remove it.`,
      );
    }
  }

  private aConst(b: Obj): void {
    // Constant values are not part of the query shape; only check that the node is what we expect.
    for (const key in b) {
      const value = b[key];
      switch (key) {
        case 'ival':
        case 'fval':
        case 'boolval':
        case 'sval':
        case 'bsval':
          if (!isObj(value)) unsupported(`A_Const.${key}`);
          break;
        case 'isnull':
          if (typeof value !== 'boolean') unsupported('A_Const.isnull');
          this.shape.push('NULL');
          break;
        case 'location':
          break;
        default:
          unsupported(`A_Const.${key}`);
      }
    }
  }

  private aExpr(b: Obj, scope: Scope | undefined, depth: number): void {
    const kind = b.kind;
    if (typeof kind !== 'string' || !ALLOWED_AEXPR_KINDS.has(kind)) {
      refuse(
        `expression ${String(kind)}`,
        `The expression kind ${String(kind)} is not allowed in analytics queries. Rewrite it with ordinary operators.`,
      );
    }
    if (kind === 'AEXPR_BETWEEN' || kind === 'AEXPR_NOT_BETWEEN' || kind === 'AEXPR_BETWEEN_SYM' || kind === 'AEXPR_NOT_BETWEEN_SYM') {
      // The name holds the keyword (BETWEEN, NOT BETWEEN SYMMETRIC, ...), not an operator.
      if (!nameList(b.name)) unsupported('A_Expr.name');
    } else {
      this.checkOperator(b.name, 'A_Expr');
    }
    this.fields(
      'A_Expr',
      b,
      { kind: 'scalar', name: 'list', lexpr: 'node', rexpr: 'node', rexpr_list_start: 'loc', rexpr_list_end: 'loc', location: 'loc' },
      scope,
      depth,
    );
  }

  private checkOperator(nameNode: unknown, owner: string): void {
    const names = nameList(nameNode);
    if (!names) unsupported(`${owner} operator`);
    const op = names[names.length - 1] ?? '';
    const display = names.join('.');
    if (names.length > 2 || (names.length === 2 && names[0] !== 'pg_catalog')) {
      refuse(
        `operator ${display}`,
        `Operator ${display} is not allowed: only built-in operators may be used (unqualified or OPERATOR(pg_catalog.op)). Remove the schema qualification.`,
      );
    }
    if (!ALLOWED_OPERATORS.has(op)) {
      refuse(
        `operator ${op}`,
        `Operator ${op} is not allowed in analytics queries. Use ordinary comparison, arithmetic, string, JSON or vector-distance operators.`,
      );
    }
  }

  private sortBy(b: Obj, scope: Scope | undefined, depth: number): void {
    if (b.useOp !== undefined) this.checkOperator(b.useOp, 'ORDER BY ... USING');
    this.fields('SortBy', b, { node: 'node', sortby_dir: 'scalar', sortby_nulls: 'scalar', useOp: 'list', location: 'loc' }, scope, depth);
  }

  private subLink(b: Obj, scope: Scope | undefined, depth: number): void {
    const type = b.subLinkType;
    if (typeof type !== 'string' || !ALLOWED_SUBLINK_TYPES.has(type)) unsupported(`SubLink ${String(type)}`);
    if (b.operName !== undefined) this.checkOperator(b.operName, 'SubLink');
    const sub = unwrap(b.subselect);
    if (sub?.[0] !== 'SelectStmt') unsupported('SubLink.subselect');
    this.fields(
      'SubLink',
      b,
      { subLinkType: 'scalar', subLinkId: 'loc', testexpr: 'node', operName: 'list', subselect: 'node', location: 'loc' },
      scope,
      depth,
    );
  }

  private sqlValueFunction(b: Obj): void {
    const op = b.op;
    if (typeof op !== 'string' || !ALLOWED_SQL_VALUE_FUNCTIONS.has(op)) {
      const name = typeof op === 'string' ? op.replace(/^SVFOP_/, '').replace(/_N$/, '') : '?';
      refuse(
        name,
        `${name} is not allowed in analytics queries: session and role information is not available (the caller's store scope is applied automatically). Remove it.`,
      );
    }
    for (const key in b) if (key !== 'op' && key !== 'typmod' && key !== 'location') unsupported(`SQLValueFunction.${key}`);
    this.shape.push(`op=${op}`);
  }

  private typeCast(b: Obj, scope: Scope | undefined, depth: number): void {
    for (const key in b) {
      const value = b[key];
      switch (key) {
        case 'arg':
          this.node(value, scope, depth + 1, 'TypeCast.arg');
          break;
        case 'typeName':
          this.typeName(value, scope, depth + 1);
          break;
        case 'location':
          break;
        default:
          unsupported(`TypeCast.${key}`);
      }
    }
  }

  private typeName(t: unknown, scope: Scope | undefined, depth: number): void {
    if (!isObj(t)) unsupported('TypeName');
    const names = nameList(t.names);
    if (!names) unsupported('TypeName.names');
    const base = names[names.length - 1] ?? '';
    const qualifiedOk = names.length === 1 || (names.length === 2 && names[0] === 'pg_catalog');
    const display = qualifiedOk ? quoteIdent(base) : names.map(quoteIdent).join('.');
    if (!qualifiedOk || !ALLOWED_TYPES.has(base)) {
      const reason = qualifiedOk ? denyReason(TYPE_DENY_RULES, base) : undefined;
      refuse(
        `type ${display}`,
        reason
          ? `Casts to type ${display} are not allowed: ${reason}.`
          : `Type ${display} is not allowed in casts. Use int, bigint, numeric, double precision, text, varchar, date, timestamp, timestamptz, interval, boolean, json, jsonb or vector.`,
      );
    }
    if (t.setof === true || t.pct_type === true || t.typeOid !== undefined) unsupported(`TypeName ${display}`);
    this.shape.push(`type=${base}`);
    for (const key in t) {
      const value = t[key];
      switch (key) {
        case 'names':
        case 'location':
        case 'typemod':
        case 'setof':
        case 'pct_type':
          break;
        case 'typmods':
        case 'arrayBounds':
          this.shape.push(key);
          for (const item of asList(value, `TypeName.${key}`)) this.node(item, scope, depth + 1, `TypeName.${key}`);
          break;
        default:
          unsupported(`TypeName.${key}`);
      }
    }
  }

  private funcCall(b: Obj, scope: Scope | undefined, depth: number, position: FuncPosition): void {
    const names = nameList(b.funcname);
    if (!names) unsupported('FuncCall.funcname');
    const display = names.map(quoteIdent).join('.');
    const fn = names[names.length - 1] ?? '';
    if (names.length > 2 || (names.length === 2 && names[0] !== 'pg_catalog')) {
      const schema = names.length === 2 ? names[0] : undefined;
      refuse(
        `function ${display}`,
        schema === 'app'
          ? `Function ${display} is not allowed: schema app is internal, and the caller's store scope is applied automatically. Remove the call.`
          : `Function ${display} is not allowed: only built-in functions may be called (unqualified, or qualified with pg_catalog). Remove the call.`,
      );
    }
    if (!ALLOWED_FUNCTIONS.has(fn)) {
      const reason = denyReason(FUNCTION_DENY_RULES, fn);
      refuse(
        `function ${fn}`,
        reason
          ? `Function ${quoteIdent(fn)} is not allowed in analytics queries: ${reason}. Remove it.`
          : `Function ${quoteIdent(fn)} is not on the list of functions allowed in analytics queries. Use standard aggregate, window, date, string, math, JSON or vector functions instead.`,
      );
    }
    if (FROM_ONLY_FUNCTIONS.has(fn) && position !== 'from') {
      refuse(`function ${fn}`, `Function ${fn} is only allowed as a FROM item, e.g. FROM ${fn}(...) AS g(value). Move it to the FROM clause.`);
    }
    const args = asList(b.args, 'FuncCall.args');
    this.checkResourceLimits(fn, args, b.func_variadic === true);
    this.shape.push(`fn=${fn}`);
    this.fields(
      'FuncCall',
      b,
      {
        funcname: 'skip', // names checked above, already in the shape
        args: 'list',
        agg_order: 'list',
        agg_filter: 'node',
        over: 'window',
        agg_within_group: 'scalar',
        agg_star: 'scalar',
        agg_distinct: 'scalar',
        func_variadic: 'scalar',
        funcformat: 'scalar',
        location: 'loc',
      },
      scope,
      depth,
    );
  }

  // --- resource caps -------------------------------------------------------------------------------------------

  private checkResourceLimits(fn: string, args: unknown[], variadic: boolean): void {
    switch (fn) {
      case 'generate_series':
        return checkGenerateSeries(args, variadic);
      case 'repeat':
        return checkConstantArg(fn, args, 1, GUARD_LIMITS.maxRepeatCount, 'count', variadic);
      case 'lpad':
      case 'rpad':
        return checkConstantArg(fn, args, 1, GUARD_LIMITS.maxPadLength, 'length', variadic);
      case 'format':
        return checkFormat(args);
      default:
        return;
    }
  }
}

const NARROW_FUNCTION_DENY_RULES = FUNCTION_DENY_RULES.filter((r) => r.broad !== true);

function denyReason(rules: readonly { test: (n: string) => boolean; reason: string }[], name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const rule of rules) if (rule.test(lower)) return rule.reason;
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Constant evaluation for resource caps

function hasNamedArgs(args: unknown[]): boolean {
  return args.some((a) => unwrap(a)?.[0] === 'NamedArgExpr');
}

const NUMERIC_TYPES = new Set(['int2', 'int4', 'int8', 'numeric', 'float4', 'float8']);

/** A numeric constant (possibly negated or cast to a numeric type), or undefined. */
function constNumber(n: unknown): number | undefined {
  const u = unwrap(n);
  if (!u) return undefined;
  const [type, b] = u;
  if (type === 'A_Const') {
    if (isObj(b.ival)) return typeof b.ival.ival === 'number' ? b.ival.ival : 0;
    if (isObj(b.fval) && typeof b.fval.fval === 'string') {
      const v = Number(b.fval.fval);
      return Number.isFinite(v) ? v : undefined;
    }
    return undefined;
  }
  if (type === 'TypeCast') {
    const names = isObj(b.typeName) ? nameList(b.typeName.names) : undefined;
    const base = names?.[names.length - 1];
    return base !== undefined && NUMERIC_TYPES.has(base) ? constNumber(b.arg) : undefined;
  }
  if (type === 'A_Expr' && b.kind === 'AEXPR_OP' && b.lexpr === undefined) {
    const op = nameList(b.name);
    const v = constNumber(b.rexpr);
    if (v === undefined || !op || op.length !== 1) return undefined;
    if (op[0] === '-') return -v;
    if (op[0] === '+') return v;
  }
  return undefined;
}

function constString(n: unknown): string | undefined {
  const u = unwrap(n);
  if (!u) return undefined;
  const [type, b] = u;
  if (type === 'A_Const' && isObj(b.sval)) return typeof b.sval.sval === 'string' ? b.sval.sval : '';
  if (type === 'TypeCast') {
    const names = isObj(b.typeName) ? nameList(b.typeName.names) : undefined;
    const base = names?.[names.length - 1];
    if (base === 'text' || base === 'varchar') return constString(b.arg);
  }
  return undefined;
}

function checkConstantArg(fn: string, args: unknown[], index: number, max: number, what: string, variadic: boolean): void {
  const value = variadic || hasNamedArgs(args) ? undefined : constNumber(args[index]);
  if (value === undefined || value > max) {
    refuse(
      `function ${fn}`,
      `Function ${fn} is only allowed with a constant ${what} of at most ${max}${value === undefined ? '' : ` (found ${value})`}. Use a smaller constant.`,
    );
  }
}

/** format(): the format string must be a constant without '*' widths or widths above the cap. */
function checkFormat(args: unknown[]): void {
  const fmt = hasNamedArgs(args) ? undefined : constString(args[0]);
  if (fmt === undefined) {
    refuse('function format', 'Function format is only allowed with a constant format string. Write the format string as a literal.');
  }
  const spec = /%(?:\d+\$)?(-?)(\*(?:\d+\$)?|\d+)?([a-zA-Z%])/g;
  for (const m of fmt.matchAll(spec)) {
    const width = m[2];
    if (width === undefined) continue;
    if (width.startsWith('*') || Number(width) > GUARD_LIMITS.maxFormatWidth) {
      refuse(
        'function format',
        `Function format is only allowed with constant field widths of at most ${GUARD_LIMITS.maxFormatWidth} (found %${m[1] ?? ''}${width}). Use a smaller width.`,
      );
    }
  }
}

// generate_series row estimate -------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;

/** A point in time: absolute (ms since epoch) or relative to now, with an uncertainty in ms. */
interface TimePoint {
  anchor: 'now' | 'abs';
  ms: number;
  slack: number;
}

/** A constant interval: the smallest and largest duration it can stand for (months and years vary). */
interface Span {
  min: number;
  max: number;
}

const INTERVAL_UNITS: Readonly<Record<string, Span>> = (() => {
  const second = 1000;
  const minute = 60 * second;
  const hour = 60 * minute;
  const day: Span = { min: 23 * hour, max: 25 * hour }; // DST days with timestamptz
  const month: Span = { min: 28 * DAY_MS, max: 31 * DAY_MS + hour };
  const year: Span = { min: 365 * DAY_MS, max: 366 * DAY_MS + hour };
  const table: Record<string, Span> = {};
  const add = (span: Span, ...names: string[]): void => {
    for (const n of names) table[n] = span;
  };
  add({ min: 0.001, max: 0.001 }, 'microsecond', 'microseconds', 'us', 'usec', 'usecs');
  add({ min: 1, max: 1 }, 'millisecond', 'milliseconds', 'ms', 'msec', 'msecs');
  add({ min: second, max: second }, 'second', 'seconds', 's', 'sec', 'secs');
  add({ min: minute, max: minute }, 'minute', 'minutes', 'm', 'min', 'mins');
  add({ min: hour, max: hour }, 'hour', 'hours', 'h', 'hr', 'hrs');
  add(day, 'day', 'days', 'd');
  add({ min: 7 * day.min, max: 7 * day.max }, 'week', 'weeks', 'w');
  add(month, 'month', 'months', 'mon', 'mons');
  add({ min: 3 * month.min, max: 3 * month.max }, 'quarter', 'quarters');
  add(year, 'year', 'years', 'y', 'yr', 'yrs');
  add({ min: 10 * year.min, max: 10 * year.max }, 'decade', 'decades');
  add({ min: 100 * year.min, max: 100 * year.max }, 'century', 'centuries');
  add({ min: 1000 * year.min, max: 1000 * year.max }, 'millennium', 'millennia', 'millenniums');
  return table;
})();

/** interval typmod masks for `interval '1' day` style literals (1 << MONTH/YEAR/DAY/HOUR/MINUTE/SECOND). */
const INTERVAL_TYPMOD_UNITS: Readonly<Record<number, string>> = { 2: 'month', 4: 'year', 8: 'day', 1024: 'hour', 2048: 'minute', 4096: 'second' };

/** Parses the common interval spellings ('1 month', '7 days', '1 year 2 mons', '01:00:00', '@ 1 day ago'). */
function parseInterval(text: string, unitFromTypmod?: string): Span | undefined {
  let s = text.trim().toLowerCase();
  if (unitFromTypmod && /^[+-]?\d+(\.\d+)?$/.test(s)) s = `${s} ${unitFromTypmod}`;
  if (s.startsWith('@')) s = s.slice(1).trim();
  let sign = 1;
  if (s.endsWith(' ago')) {
    sign = -1;
    s = s.slice(0, -4).trim();
  }
  if (s === '') return undefined;
  let min = 0;
  let max = 0;
  let rest = s;
  const part = /^([+-]?\d+(?:\.\d+)?)\s*([a-z]+)\s*|^([+-]?)(\d{1,9}):(\d{1,2})(?::(\d{1,2}(?:\.\d+)?))?\s*/;
  while (rest.length > 0) {
    const m = part.exec(rest);
    if (!m) return undefined;
    if (m[2] !== undefined) {
      const unit = INTERVAL_UNITS[m[2]];
      if (!unit) return undefined;
      const n = Number(m[1]);
      min += n * (n >= 0 ? unit.min : unit.max);
      max += n * (n >= 0 ? unit.max : unit.min);
    } else {
      const neg = m[3] === '-' ? -1 : 1;
      const ms = (Number(m[4]) * 3600 + Number(m[5]) * 60 + Number(m[6] ?? 0)) * 1000 * neg;
      min += ms;
      max += ms;
    }
    rest = rest.slice(m[0].length);
  }
  return sign === 1 ? { min, max } : { min: -max, max: -min };
}

function typeBase(t: unknown): string | undefined {
  if (!isObj(t)) return undefined;
  const names = nameList(t.names);
  return names?.[names.length - 1];
}

/** A constant interval expression: interval 'x', 'x'::interval, an untyped literal, or a numeric constant of days. */
function constInterval(n: unknown, allowUntyped: boolean): Span | undefined {
  const u = unwrap(n);
  if (!u) return undefined;
  const [type, b] = u;
  if (type === 'A_Const' && allowUntyped && isObj(b.sval) && typeof b.sval.sval === 'string') return parseInterval(b.sval.sval);
  if (type === 'TypeCast' && typeBase(b.typeName) === 'interval') {
    const text = constString(b.arg);
    if (text === undefined) return undefined;
    let unit: string | undefined;
    const typmods = isObj(b.typeName) ? asList(b.typeName.typmods, 'TypeName.typmods') : [];
    if (typmods.length > 0) {
      const mask = constNumber(typmods[0]);
      unit = mask === undefined ? undefined : INTERVAL_TYPMOD_UNITS[mask];
      if (unit === undefined) return undefined;
    }
    return parseInterval(text, unit);
  }
  return undefined;
}

const TIME_TYPES = new Set(['date', 'timestamp', 'timestamptz']);
const NOW_FUNCTIONS = new Set(['now', 'clock_timestamp', 'statement_timestamp', 'transaction_timestamp']);
const NOW_SVF = new Set([
  'SVFOP_CURRENT_DATE',
  'SVFOP_CURRENT_TIMESTAMP',
  'SVFOP_CURRENT_TIMESTAMP_N',
  'SVFOP_LOCALTIMESTAMP',
  'SVFOP_LOCALTIMESTAMP_N',
]);

function parseTimeLiteral(text: string): TimePoint | undefined {
  const s = text.trim().toLowerCase();
  if (s === 'now' || s === 'today') return { anchor: 'now', ms: 0, slack: DAY_MS };
  if (s === 'yesterday') return { anchor: 'now', ms: -DAY_MS, slack: DAY_MS };
  if (s === 'tomorrow') return { anchor: 'now', ms: DAY_MS, slack: DAY_MS };
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(?:z|[+-]\d{1,2}(?::?\d{2})?)?$/.exec(s);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
  if (!Number.isFinite(ms)) return undefined;
  return { anchor: 'abs', ms, slack: DAY_MS }; // a day of slack covers any time zone offset
}

/** Estimates a date/timestamp expression built from literals, now()/CURRENT_DATE, date_trunc, casts and ± intervals. */
function timePoint(n: unknown, depth = 0): TimePoint | undefined {
  if (depth > 20) return undefined;
  const u = unwrap(n);
  if (!u) return undefined;
  const [type, b] = u;
  switch (type) {
    case 'A_Const':
      return isObj(b.sval) && typeof b.sval.sval === 'string' ? parseTimeLiteral(b.sval.sval) : undefined;
    case 'TypeCast': {
      if (!TIME_TYPES.has(typeBase(b.typeName) ?? '')) return undefined;
      const inner = timePoint(b.arg, depth + 1);
      return inner && { ...inner, slack: inner.slack + DAY_MS };
    }
    case 'SQLValueFunction':
      return typeof b.op === 'string' && NOW_SVF.has(b.op) ? { anchor: 'now', ms: 0, slack: DAY_MS } : undefined;
    case 'FuncCall': {
      const names = nameList(b.funcname);
      const fn = names?.[names.length - 1];
      const args = asList(b.args, 'FuncCall.args');
      if (fn && NOW_FUNCTIONS.has(fn) && args.length === 0) return { anchor: 'now', ms: 0, slack: DAY_MS };
      if (fn === 'date_trunc' && (args.length === 2 || args.length === 3)) {
        const unitName = constString(args[0])?.toLowerCase();
        const unit = unitName === undefined ? undefined : INTERVAL_UNITS[unitName];
        const inner = timePoint(args[1], depth + 1);
        return unit && inner && { ...inner, slack: inner.slack + unit.max };
      }
      if (fn === 'make_date' && args.length === 3) {
        const [y, mo, d] = args.map(constNumber);
        if (y === undefined || mo === undefined || d === undefined) return undefined;
        const ms = Date.UTC(y, mo - 1, d);
        return Number.isFinite(ms) ? { anchor: 'abs', ms, slack: DAY_MS } : undefined;
      }
      return undefined;
    }
    case 'A_Expr': {
      const op = nameList(b.name);
      if (b.kind !== 'AEXPR_OP' || !op || op.length !== 1 || (op[0] !== '+' && op[0] !== '-')) return undefined;
      const shift = (p: TimePoint, span: Span, sign: 1 | -1): TimePoint => ({
        anchor: p.anchor,
        ms: p.ms + (sign * (span.min + span.max)) / 2,
        slack: p.slack + Math.abs(span.max - span.min) / 2,
      });
      const days = (x: unknown): Span | undefined => {
        const v = constNumber(x);
        return v === undefined ? undefined : { min: v * DAY_MS, max: v * DAY_MS };
      };
      const left = timePoint(b.lexpr, depth + 1);
      if (left) {
        const span = constInterval(b.rexpr, false) ?? days(b.rexpr);
        return span && shift(left, span, op[0] === '+' ? 1 : -1);
      }
      if (op[0] === '+') {
        const right = timePoint(b.rexpr, depth + 1);
        const span = constInterval(b.lexpr, false) ?? days(b.lexpr);
        return right && span && shift(right, span, 1);
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

function checkGenerateSeries(args: unknown[], variadic: boolean): void {
  const max = GUARD_LIMITS.maxGenerateSeriesRows;
  const tooMany: (rows: number) => never = (rows) =>
    refuse(
      'function generate_series',
      `generate_series would produce about ${Number.isFinite(rows) ? Math.ceil(rows).toLocaleString('en-US') : 'unbounded'} rows; at most ${max.toLocaleString('en-US')} are allowed. Narrow the range or use a larger step.`,
    );
  const unbounded: () => never = () =>
    refuse(
      'function generate_series',
      "generate_series is only allowed with constant bounds (numbers, or dates built from literals, CURRENT_DATE/now(), date_trunc and interval offsets) and a constant step such as interval '1 month'. Rewrite the arguments.",
    );
  if (variadic || hasNamedArgs(args) || args.length < 2 || args.length > 4) unbounded();

  const [startArg, stopArg, stepArg] = args;
  const start = constNumber(startArg);
  const stop = constNumber(stopArg);
  if (start !== undefined && stop !== undefined) {
    const step = stepArg === undefined ? 1 : constNumber(stepArg);
    if (step === undefined || step === 0) unbounded();
    const rows = Math.floor(Math.abs(stop - start) / Math.abs(step)) + 1;
    if (!(rows <= max)) tooMany(rows);
    return;
  }
  const a = timePoint(startArg);
  const b = timePoint(stopArg);
  const step = stepArg === undefined ? undefined : constInterval(stepArg, true);
  if (!a || !b || !step) unbounded();
  if (step.min <= 0 !== step.max <= 0 || step.min === 0 || step.max === 0) {
    refuse('function generate_series', "generate_series needs a step interval that is clearly positive or negative, such as interval '1 month'.");
  }
  const now = Date.now();
  const at = (p: TimePoint): number => (p.anchor === 'now' ? now + p.ms : p.ms);
  const span = Math.abs(at(b) - at(a)) + a.slack + b.slack;
  const rows = span / Math.min(Math.abs(step.min), Math.abs(step.max)) + 1;
  if (!(rows <= max)) tooMany(rows);
}
