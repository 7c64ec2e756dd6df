// PostgreSQL type OIDs of result columns, named for callers (the common built-ins; others show as "oid:<n>").

const NAMES: Record<number, string> = {
  16: 'boolean',
  17: 'bytea',
  18: 'char',
  19: 'name',
  20: 'bigint',
  21: 'smallint',
  23: 'integer',
  25: 'text',
  26: 'oid',
  114: 'json',
  700: 'real',
  701: 'double precision',
  1007: 'integer[]',
  1009: 'text[]',
  1016: 'bigint[]',
  1042: 'character',
  1043: 'character varying',
  1082: 'date',
  1083: 'time',
  1114: 'timestamp',
  1184: 'timestamptz',
  1186: 'interval',
  1231: 'numeric[]',
  1700: 'numeric',
  2950: 'uuid',
  3802: 'jsonb',
};

export function typeName(oid: number): string {
  return NAMES[oid] ?? `oid:${oid}`;
}
