// How the tree checker treats node types it checks only structurally (field by field), and the explanations
// for node types it refuses. Data, so that "which nodes may appear" reads as a list.

/** How the fields of a generically checked node are treated. */
export type FieldKind =
  | 'loc' // location-like number: checked, ignored for the fingerprint
  | 'skip' // validated by the node's own handler
  | 'scalar' // string / number / boolean
  | 'node' // one wrapped node
  | 'list' // array of wrapped nodes
  | 'alias' // inline Alias
  | 'window'; // inline WindowDef

export type Spec = Readonly<Record<string, FieldKind>>;

/** Node types checked only structurally (their children are checked by the walk). */
export const GENERIC_SPECS: Readonly<Record<string, Spec>> = {
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

export const ALIAS_SPEC: Spec = { aliasname: 'scalar', colnames: 'list' };

/** Refused node types with a specific explanation (any other unknown node gets the generic one). */
export const NODE_REFUSALS: Readonly<Record<string, string>> = {
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
