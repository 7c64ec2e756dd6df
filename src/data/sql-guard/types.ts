// The SQL guard's public types: its options and its verdict.

export interface GuardOptions {
  /** Maximum query length in characters (default 20000). */
  maxQueryLength: number;
  /**
   * How the caller's users look up table schemas (e.g. the name of a tool). Refusals of catalogs, unknown relations
   * and catalog lookups point at it; unset, they explain the refusal without pointing anywhere.
   */
  schemaTool?: string | undefined;
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
