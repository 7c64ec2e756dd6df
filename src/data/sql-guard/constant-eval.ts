// Constant evaluation of parse-tree expressions, for the resource caps: numbers and strings written as literals
// (possibly signed or cast), never anything that depends on data.

import { isObj, nameList, typeBase, unwrap } from './tree.js';

/** Named arguments (fn(a => 1)) are never evaluated: the caps read arguments by position. */
export function hasNamedArgs(args: unknown[]): boolean {
  return args.some((a) => unwrap(a)?.[0] === 'NamedArgExpr');
}

const NUMERIC_TYPES = new Set(['int2', 'int4', 'int8', 'numeric', 'float4', 'float8']);

/** A numeric constant (possibly negated or cast to a numeric type), or undefined. */
export function constNumber(n: unknown): number | undefined {
  const u = unwrap(n);
  if (!u) return undefined;
  const [type, b] = u;
  if (type === 'A_Const') {
    // The parser leaves out ival for 0.
    if (isObj(b.ival)) return typeof b.ival.ival === 'number' ? b.ival.ival : 0;
    if (isObj(b.fval) && typeof b.fval.fval === 'string') {
      const v = Number(b.fval.fval);
      return Number.isFinite(v) ? v : undefined;
    }
    return undefined;
  }
  if (type === 'TypeCast') {
    const base = typeBase(b.typeName);
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

/** A string constant (possibly cast to text or varchar), or undefined. */
export function constString(n: unknown): string | undefined {
  const u = unwrap(n);
  if (!u) return undefined;
  const [type, b] = u;
  if (type === 'A_Const' && isObj(b.sval)) return typeof b.sval.sval === 'string' ? b.sval.sval : '';
  if (type === 'TypeCast') {
    const base = typeBase(b.typeName);
    if (base === 'text' || base === 'varchar') return constString(b.arg);
  }
  return undefined;
}
