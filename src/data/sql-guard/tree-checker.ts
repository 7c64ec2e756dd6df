// The tree checker: walks the whole raw parse tree of one statement against the allow-lists (./policy.ts),
// refusing the first construct that is not allowed, and computes the fingerprint of the tree's shape on the way.

import { createHash } from 'node:crypto';
import type * as PgQuery from 'libpg-query';
import { ALIAS_SPEC, GENERIC_SPECS, NODE_REFUSALS, type Spec } from './node-specs.js';
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
  type FunctionDenyRule,
  GUARD_LIMITS,
  RETAIL_TABLES,
  STATEMENT_LABELS,
  SYSTEM_COLUMNS,
  TYPE_DENY_RULES,
} from './policy.js';
import { refuse, unsupported } from './refusal.js';
import { checkResourceLimits } from './resource-caps.js';
import { asList, isEmptyObj, isObj, nameList, type Obj, quoteIdent, unwrap } from './tree.js';

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

export class TreeChecker {
  /** Shape tokens for the fingerprint: node types, identifiers and options, never constant values or positions. */
  private readonly shape: string[] = [];

  /** `schemaTool`: what refusals about catalogs point at (GuardOptions.schemaTool); unset, they point nowhere. */
  constructor(private readonly schemaTool?: string) {}

  /** Checks the parse result of one query and returns its fingerprint; throws a Refusal for anything not allowed. */
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
          `Relation ${display} is not accessible: it is neither a retail table nor a CTE defined in this query. ${available}${this.schemaToolPointer('for schema information')}`,
        );
      }
    } else if (schema !== ALLOWED_SCHEMA) {
      if (schema === 'app') {
        refuse(
          `relation ${display}`,
          `Relation ${display} is not accessible: schema app is internal. The caller's store scope is applied automatically; query the retail tables.${this.schemaToolPointer('for schema information')}`,
        );
      }
      refuse(
        `relation ${display}`,
        `Relation ${display} is not accessible; only schema ${ALLOWED_SCHEMA} can be queried.${this.schemaToolPointer('to inspect tables')} ${available}`,
      );
    } else if (!RETAIL_TABLES.has(rel)) {
      refuse(
        `relation ${display}`,
        `Relation ${display} does not exist in the analytics schema. ${available}${this.schemaToolPointer('for schema information')}`,
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
      this.denyReason(NARROW_FUNCTION_DENY_RULES, name) ?? (name.toLowerCase().startsWith('pg_') ? 'system functions are not available' : undefined);
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
      const reason = qualifiedOk ? this.denyReason(TYPE_DENY_RULES, base) : undefined;
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
      const reason = this.denyReason(FUNCTION_DENY_RULES, fn);
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
    checkResourceLimits(fn, args, b.func_variadic === true);
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

  // --- explanations ---------------------------------------------------------------------------------------------

  /** The reason of the first rule matching `name` (case-insensitively), pointing at the schema tool where it helps. */
  private denyReason(rules: readonly FunctionDenyRule[], name: string): string | undefined {
    const lower = name.toLowerCase();
    for (const rule of rules) {
      if (!rule.test(lower)) continue;
      return rule.pointsAtSchemaTool && this.schemaTool ? `${rule.reason}; use the ${this.schemaTool} tool for schema information` : rule.reason;
    }
    return undefined;
  }

  /** ` Use the <tool> tool <purpose>.` when the caller named its schema tool, else nothing. */
  private schemaToolPointer(purpose: string): string {
    return this.schemaTool ? ` Use the ${this.schemaTool} tool ${purpose}.` : '';
  }
}

const NARROW_FUNCTION_DENY_RULES = FUNCTION_DENY_RULES.filter((r) => r.broad !== true);
