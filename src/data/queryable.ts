// The minimal query surface shared by every database target (Neon, local PostgreSQL through the bridge, PGlite).

export interface QueryField {
  name: string;
  dataTypeID: number;
}

export interface QueryResult<R = Record<string, unknown>> {
  rows: R[];
  rowCount: number | null;
  fields: QueryField[];
}

/** Something that runs one parameterized statement ($1, $2, ...). Values are never interpolated into SQL text. */
export interface Queryable {
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
}
