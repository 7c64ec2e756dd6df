// Helpers for reading libpg-query's raw parse tree (JSON): wrapped nodes, lists, name lists, identifiers.

import { unsupported } from './refusal.js';

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The single key of a wrapped node ({ "FuncCall": {...} }), with its body. */
export function unwrap(n: unknown): [string, Obj] | undefined {
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

export function isEmptyObj(v: unknown): boolean {
  if (!isObj(v)) return false;
  for (const _ in v) return false;
  return true;
}

/** A node list (absent = empty); anything else is a shape the guard does not understand. */
export function asList(v: unknown, what: string): unknown[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) unsupported(what);
  return v;
}

/** Strings of a name list ([{String:{sval}}...]), or undefined if it is anything else. */
export function nameList(v: unknown): string[] | undefined {
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

/** The last name of a TypeName (int4 of pg_catalog.int4), or undefined. */
export function typeBase(t: unknown): string | undefined {
  if (!isObj(t)) return undefined;
  const names = nameList(t.names);
  return names?.[names.length - 1];
}

/** An identifier as it would be written in SQL, for messages. */
export function quoteIdent(s: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(s) ? s : `"${s.replace(/"/g, '""')}"`;
}
