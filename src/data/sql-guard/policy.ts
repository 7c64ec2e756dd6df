// Allow-lists and limits for the parser-based SQL guard (./index.ts), kept as data so a review of
// "what may an AI-written analytics query do" reads as a list, not as code.
//
// Everything here is a WHITELIST: the guard refuses any node type, function, type, operator, relation or
// schema that is not listed. The deny rules below never widen anything; they only make refusals explain
// themselves ("pg_sleep delays the session") instead of the generic "not on the list".
//
// Names are compared exactly as the PostgreSQL parser leaves them: unquoted identifiers are already folded to
// lower case, quoted identifiers keep their case ("SET_CONFIG" is not set_config, and PostgreSQL would not
// resolve it to set_config either), and U&"..." escapes are already decoded.

/** The only schema user queries may read. The connection's search_path is `retail`. */
export const ALLOWED_SCHEMA = 'retail';

/** Tables of schema `retail` (sql/001_schema.sql). Unqualified names resolve to these through the search_path. */
export const RETAIL_TABLES: ReadonlySet<string> = new Set([
  'stores',
  'categories',
  'product_types',
  'products',
  'customers',
  'orders',
  'order_items',
  'inventory',
  'product_description_embeddings',
]);

/** System columns: they expose transaction IDs, physical row positions and table OIDs, not business data. */
export const SYSTEM_COLUMNS: ReadonlySet<string> = new Set(['tableoid', 'ctid', 'xmin', 'xmax', 'cmin', 'cmax']);

export const GUARD_LIMITS = {
  /** Default maximum query length in characters (GuardOptions.maxQueryLength). */
  maxQueryLength: 20_000,
  /** Maximum nesting depth of the parse tree walked by the guard (node levels). */
  maxTreeDepth: 300,
  /** generate_series may produce at most this many rows (estimated from constant bounds and step). */
  maxGenerateSeriesRows: 100_000,
  /** repeat(text, n): n must be a constant no larger than this. */
  maxRepeatCount: 1_000,
  /** lpad/rpad(text, n, ...): n must be a constant no larger than this. */
  maxPadLength: 1_000,
  /** format('%1000s', ...): field widths must be constants no larger than this. */
  maxFormatWidth: 1_000,
} as const;

/**
 * Functions callable from analytics queries, unqualified or qualified with `pg_catalog.` (pgvector's functions
 * only resolve unqualified, through the search_path). Lower case, exactly as the parser folds unquoted names.
 * Some entries are produced by the parser itself for SQL syntax: EXTRACT -> extract, AT TIME ZONE -> timezone,
 * TRIM -> btrim/ltrim/rtrim, SUBSTRING(... FROM ...) -> substring, POSITION(.. IN ..) -> position,
 * OVERLAY -> overlay, SIMILAR TO -> similar_to_escape, LIKE ... ESCAPE -> like_escape, OVERLAPS -> overlaps.
 */
export const ALLOWED_FUNCTIONS: ReadonlySet<string> = new Set([
  // Aggregates (including ordered-set and hypothetical-set aggregates used WITHIN GROUP).
  'count',
  'sum',
  'avg',
  'min',
  'max',
  'any_value',
  'stddev',
  'stddev_pop',
  'stddev_samp',
  'variance',
  'var_pop',
  'var_samp',
  'string_agg',
  'array_agg',
  'bool_and',
  'bool_or',
  'every',
  'bit_and',
  'bit_or',
  'corr',
  'covar_pop',
  'covar_samp',
  'regr_avgx',
  'regr_avgy',
  'regr_count',
  'regr_intercept',
  'regr_r2',
  'regr_slope',
  'regr_sxx',
  'regr_sxy',
  'regr_syy',
  'percentile_cont',
  'percentile_disc',
  'mode',
  'json_agg',
  'jsonb_agg',
  'json_object_agg',
  'jsonb_object_agg',
  // Window functions.
  'row_number',
  'rank',
  'dense_rank',
  'percent_rank',
  'cume_dist',
  'ntile',
  'lag',
  'lead',
  'first_value',
  'last_value',
  'nth_value',
  // Math. (greatest/least are MinMaxExpr nodes, coalesce/nullif have their own nodes too.)
  'abs',
  'cbrt',
  'ceil',
  'ceiling',
  'degrees',
  'div',
  'exp',
  'floor',
  'gcd',
  'lcm',
  'ln',
  'log',
  'log10',
  'mod',
  'pi',
  'power',
  'pow',
  'radians',
  'random',
  'round',
  'scale',
  'sign',
  'sqrt',
  'trunc',
  'trim_scale',
  'width_bucket',
  // Strings and formatting. (repeat, lpad, rpad and format are additionally capped, see GUARD_LIMITS.)
  'lower',
  'upper',
  'initcap',
  'length',
  'char_length',
  'character_length',
  'octet_length',
  'substring',
  'substr',
  'position',
  'strpos',
  'overlay',
  'btrim',
  'ltrim',
  'rtrim',
  'replace',
  'translate',
  'split_part',
  'concat',
  'concat_ws',
  'left',
  'right',
  'lpad',
  'rpad',
  'repeat',
  'reverse',
  'starts_with',
  'format',
  'md5',
  'to_hex',
  'string_to_array',
  'to_char',
  'to_number',
  'to_date',
  'to_timestamp',
  'regexp_replace',
  'regexp_match',
  'regexp_matches',
  'regexp_like',
  'regexp_count',
  'regexp_instr',
  'regexp_substr',
  'regexp_split_to_array',
  'like_escape',
  'similar_to_escape',
  // Date and time.
  'date_trunc',
  'date_part',
  'extract',
  'date_bin',
  'age',
  'now',
  'timezone',
  'overlaps',
  'isfinite',
  'make_date',
  'make_time',
  'make_timestamp',
  'make_timestamptz',
  'make_interval',
  'justify_days',
  'justify_hours',
  'justify_interval',
  'date_add',
  'date_subtract',
  'clock_timestamp',
  'statement_timestamp',
  'transaction_timestamp',
  // Set-returning helpers. generate_series is FROM-only and row-capped.
  'generate_series',
  'unnest',
  // Arrays.
  'array_length',
  'array_lower',
  'array_upper',
  'array_dims',
  'cardinality',
  'array_position',
  'array_positions',
  'array_to_string',
  'array_append',
  'array_prepend',
  'array_cat',
  'array_remove',
  // JSON (operators such as -> and ->> are A_Expr nodes, checked against ALLOWED_OPERATORS).
  'json_build_object',
  'jsonb_build_object',
  'json_build_array',
  'jsonb_build_array',
  'to_json',
  'to_jsonb',
  'row_to_json',
  'json_array_length',
  'jsonb_array_length',
  'json_typeof',
  'jsonb_typeof',
  'jsonb_pretty',
  'json_extract_path',
  'jsonb_extract_path',
  'json_extract_path_text',
  'jsonb_extract_path_text',
  'json_array_elements',
  'jsonb_array_elements',
  'json_array_elements_text',
  'jsonb_array_elements_text',
  'json_object_keys',
  'jsonb_object_keys',
  'jsonb_strip_nulls',
  // pgvector.
  'cosine_distance',
  'l2_distance',
  'l1_distance',
  'inner_product',
  'vector_dims',
  'vector_norm',
  'l2_normalize',
]);

/** Functions that may only appear as a FROM item (RangeFunction, ROWS FROM, LATERAL). */
export const FROM_ONLY_FUNCTIONS: ReadonlySet<string> = new Set(['generate_series']);

/**
 * Explanations for refused functions. Matching is case-insensitive (so "SET_CONFIG" gets the set_config
 * explanation) and only chooses the message: a function not in ALLOWED_FUNCTIONS is refused either way.
 */
export interface FunctionDenyRule {
  readonly test: (lowerName: string) => boolean;
  readonly reason: string;
  /** Catch-all rule (prefixes such as current_ or has_): not applied to attribute notation x.name. */
  readonly broad?: boolean;
  /** The refusal also points at the caller's schema tool, when it has one (GuardOptions.schemaTool). */
  readonly pointsAtSchemaTool?: boolean;
}

const named = (...names: string[]): ((n: string) => boolean) => {
  const set = new Set(names);
  return (n) => set.has(n);
};

export const FUNCTION_DENY_RULES: readonly FunctionDenyRule[] = [
  {
    test: named('set_config', 'current_setting'),
    reason: "session settings cannot be read or changed from analytics queries; the caller's store scope is applied automatically",
  },
  { test: (n) => n.startsWith('pg_sleep'), reason: 'it delays the database session' },
  {
    test: (n) => n.includes('xml') || n === 'xpath' || n === 'xpath_exists' || /^(query|table|cursor|schema|database)_to_/.test(n),
    reason: 'XML functions (query_to_xml and friends) can run arbitrary SQL and read catalog data',
  },
  { test: (n) => n.startsWith('dblink'), reason: 'remote database connections are not allowed' },
  { test: (n) => n.startsWith('lo_') || n === 'loread' || n === 'lowrite', reason: 'large-object functions access server-side storage' },
  {
    test: (n) => n.startsWith('pg_read_') || n.startsWith('pg_ls_') || n === 'pg_stat_file' || n.startsWith('pg_file'),
    reason: 'server file access is not allowed',
  },
  {
    test: named(
      'pg_terminate_backend',
      'pg_cancel_backend',
      'pg_reload_conf',
      'pg_rotate_logfile',
      'pg_log_backend_memory_contexts',
      'pg_promote',
      'pg_switch_wal',
    ),
    reason: 'server administration functions are not allowed',
  },
  { test: (n) => n.startsWith('pg_advisory') || n.startsWith('pg_try_advisory'), reason: 'advisory locks are not allowed' },
  {
    test: (n) =>
      n.startsWith('txid_') ||
      n.startsWith('pg_current_xact_id') ||
      n.startsWith('pg_xact_') ||
      n.startsWith('pg_snapshot_') ||
      n === 'pg_current_snapshot',
    reason: 'transaction-ID and snapshot functions are not allowed',
  },
  { test: named('nextval', 'setval', 'currval', 'lastval'), reason: 'sequence functions change or expose sequence state' },
  { test: named('pg_notify'), reason: 'notifications are not allowed' },
  { test: named('setseed'), reason: 'it changes session state' },
  {
    test: (n) =>
      n.startsWith('pg_') ||
      n.startsWith('has_') ||
      n.startsWith('to_reg') ||
      n.startsWith('current_') ||
      n.startsWith('inet_') ||
      n === 'version' ||
      n === 'format_type' ||
      n === 'obj_description' ||
      n === 'col_description' ||
      n === 'shobj_description' ||
      n === 'session_user' ||
      n === 'system_user',
    reason: 'system and catalog functions are not available',
    broad: true,
    pointsAtSchemaTool: true,
  },
];

/**
 * Type names allowed in casts (CAST(x AS t), x::t, t 'literal'), unqualified or pg_catalog-qualified, after the
 * parser's normalisation (integer -> int4, double precision -> float8, varchar(n) -> varchar, char -> bpchar,
 * timestamp with time zone -> timestamptz, boolean -> bool, decimal -> numeric ...).
 */
export const ALLOWED_TYPES: ReadonlySet<string> = new Set([
  'int2',
  'int4',
  'int8',
  'numeric',
  'float4',
  'float8',
  'text',
  'varchar',
  'bpchar',
  'date',
  'time',
  'timetz',
  'timestamp',
  'timestamptz',
  'interval',
  'bool',
  'json',
  'jsonb',
  'vector',
]);

/** Explanations for refused type casts (message only). */
export const TYPE_DENY_RULES: readonly FunctionDenyRule[] = [
  {
    test: (n) => n.startsWith('reg'),
    reason: 'casts to reg* types look up catalog objects (and can resolve functions)',
    pointsAtSchemaTool: true,
  },
  { test: (n) => n === 'xml', reason: 'XML is not supported' },
  {
    test: (n) => n === 'oid' || n === 'tid' || n === 'xid' || n === 'xid8' || n === 'cid' || n === 'name' || n.startsWith('pg_'),
    reason: 'system types are not available',
  },
];

/**
 * Operators (A_Expr names, ORDER BY ... USING, ANY/ALL sublinks), unqualified or written as
 * OPERATOR(pg_catalog.op). LIKE/ILIKE/SIMILAR TO appear as ~~, ~~*, ~ and their negations.
 */
export const ALLOWED_OPERATORS: ReadonlySet<string> = new Set([
  '=',
  '<>',
  '!=',
  '<',
  '>',
  '<=',
  '>=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '^',
  '|/',
  '||/',
  '@',
  '&',
  '|',
  '#',
  '~',
  '<<',
  '>>',
  '||',
  '~~',
  '!~~',
  '~~*',
  '!~~*',
  '!~',
  '~*',
  '!~*',
  '^@',
  '->',
  '->>',
  '#>',
  '#>>',
  '@>',
  '<@',
  '?',
  '?|',
  '?&',
  '&&',
  '#-',
  '@?',
  '@@',
  '<->',
  '<=>',
  '<#>',
  '<+>',
]);

/** A_Expr kinds the guard understands. */
export const ALLOWED_AEXPR_KINDS: ReadonlySet<string> = new Set([
  'AEXPR_OP',
  'AEXPR_OP_ANY',
  'AEXPR_OP_ALL',
  'AEXPR_DISTINCT',
  'AEXPR_NOT_DISTINCT',
  'AEXPR_NULLIF',
  'AEXPR_IN',
  'AEXPR_LIKE',
  'AEXPR_ILIKE',
  'AEXPR_SIMILAR',
  'AEXPR_BETWEEN',
  'AEXPR_NOT_BETWEEN',
  'AEXPR_BETWEEN_SYM',
  'AEXPR_NOT_BETWEEN_SYM',
]);

/** Subquery kinds: EXISTS, IN/ANY/ALL, scalar, ARRAY(...) and row comparison. */
export const ALLOWED_SUBLINK_TYPES: ReadonlySet<string> = new Set([
  'EXISTS_SUBLINK',
  'ALL_SUBLINK',
  'ANY_SUBLINK',
  'ROWCOMPARE_SUBLINK',
  'EXPR_SUBLINK',
  'ARRAY_SUBLINK',
]);

/** CURRENT_DATE and friends. CURRENT_USER, SESSION_USER, CURRENT_SCHEMA, CURRENT_CATALOG are refused. */
export const ALLOWED_SQL_VALUE_FUNCTIONS: ReadonlySet<string> = new Set([
  'SVFOP_CURRENT_DATE',
  'SVFOP_CURRENT_TIME',
  'SVFOP_CURRENT_TIME_N',
  'SVFOP_CURRENT_TIMESTAMP',
  'SVFOP_CURRENT_TIMESTAMP_N',
  'SVFOP_LOCALTIME',
  'SVFOP_LOCALTIME_N',
  'SVFOP_LOCALTIMESTAMP',
  'SVFOP_LOCALTIMESTAMP_N',
]);

/** TABLESAMPLE methods built into PostgreSQL. */
export const ALLOWED_TABLESAMPLE_METHODS: ReadonlySet<string> = new Set(['bernoulli', 'system']);

/** Human names for refused top-level statement nodes (anything missing is reported by its node name). */
export const STATEMENT_LABELS: Readonly<Record<string, string>> = {
  InsertStmt: 'INSERT',
  UpdateStmt: 'UPDATE',
  DeleteStmt: 'DELETE',
  MergeStmt: 'MERGE',
  TruncateStmt: 'TRUNCATE',
  CopyStmt: 'COPY',
  CreateStmt: 'CREATE TABLE',
  CreateTableAsStmt: 'CREATE TABLE AS',
  ViewStmt: 'CREATE VIEW',
  IndexStmt: 'CREATE INDEX',
  CreateFunctionStmt: 'CREATE FUNCTION',
  CreateSchemaStmt: 'CREATE SCHEMA',
  CreateSeqStmt: 'CREATE SEQUENCE',
  CreateExtensionStmt: 'CREATE EXTENSION',
  CreateRoleStmt: 'CREATE ROLE',
  CreatePolicyStmt: 'CREATE POLICY',
  CreateTrigStmt: 'CREATE TRIGGER',
  RuleStmt: 'CREATE RULE',
  AlterTableStmt: 'ALTER TABLE',
  AlterRoleStmt: 'ALTER ROLE',
  AlterSystemStmt: 'ALTER SYSTEM',
  AlterFunctionStmt: 'ALTER FUNCTION',
  AlterPolicyStmt: 'ALTER POLICY',
  RenameStmt: 'ALTER ... RENAME',
  DropStmt: 'DROP',
  DropRoleStmt: 'DROP ROLE',
  GrantStmt: 'GRANT/REVOKE',
  GrantRoleStmt: 'GRANT/REVOKE role',
  CommentStmt: 'COMMENT',
  TransactionStmt: 'transaction control (BEGIN/COMMIT/ROLLBACK/SAVEPOINT)',
  VariableSetStmt: 'SET/RESET',
  VariableShowStmt: 'SHOW',
  DiscardStmt: 'DISCARD',
  DoStmt: 'DO',
  CallStmt: 'CALL',
  ExplainStmt: 'EXPLAIN',
  ListenStmt: 'LISTEN',
  UnlistenStmt: 'UNLISTEN',
  NotifyStmt: 'NOTIFY',
  PrepareStmt: 'PREPARE',
  ExecuteStmt: 'EXECUTE',
  DeallocateStmt: 'DEALLOCATE',
  DeclareCursorStmt: 'DECLARE CURSOR',
  FetchStmt: 'FETCH/MOVE',
  ClosePortalStmt: 'CLOSE',
  VacuumStmt: 'VACUUM/ANALYZE',
  LockStmt: 'LOCK',
  ClusterStmt: 'CLUSTER',
  ReindexStmt: 'REINDEX',
  RefreshMatViewStmt: 'REFRESH MATERIALIZED VIEW',
  CheckPointStmt: 'CHECKPOINT',
  LoadStmt: 'LOAD',
  ConstraintsSetStmt: 'SET CONSTRAINTS',
  SecLabelStmt: 'SECURITY LABEL',
  CreatedbStmt: 'CREATE DATABASE',
  DropdbStmt: 'DROP DATABASE',
  AlterOwnerStmt: 'ALTER ... OWNER',
  ReassignOwnedStmt: 'REASSIGN OWNED',
  DropOwnedStmt: 'DROP OWNED',
  ImportForeignSchemaStmt: 'IMPORT FOREIGN SCHEMA',
};
