// Result value parsing shared by every driver path: keep dates as ISO strings and numbers as numbers where exact.

import { types } from '@neondatabase/serverless';

const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const TIMESTAMP = 1114;
const TIMESTAMPTZ = 1184;
const INTERVAL = 1186;

const identity = (v: string) => v;

/** Numbers that survive a round trip through a JS number become numbers; others stay exact strings. */
function exactNumber(value: string): number | string {
  const n = Number(value);
  return Number.isFinite(n) && (Number.isSafeInteger(n) || String(n) === value.replace(/\.?0+$/, '') || Math.abs(n) < 1e15) ? n : value;
}

/** A type-parser table for query configs: `{ text, values, types: resultTypes }`. */
export const resultTypes = {
  getTypeParser(oid: number, format?: string): (value: string) => unknown {
    switch (oid) {
      case INT8:
      case NUMERIC:
        return exactNumber;
      case DATE:
      case TIMESTAMP:
      case INTERVAL: // PostgreSQL's own text ("5 years 2 mons") reads better than an object
        return identity;
      case TIMESTAMPTZ:
        return (v: string) => new Date(v).toISOString();
      default:
        return (types.getTypeParser as (oid: number, format?: string) => (v: string) => unknown)(oid, format);
    }
  },
};
