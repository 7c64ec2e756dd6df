// Test helper: real parse trees from the guard's own parser, so the pure parts are tested on what libpg-query
// produces rather than on hand-written node shapes.

import { parseText, workingParser } from '../../../src/data/sql-guard/parser.js';

interface SelectTree {
  stmts: Array<{ stmt: { SelectStmt: { targetList: Array<{ ResTarget: { val: unknown } }> } } }>;
}

/** The parse tree of one expression (the first select-list item of `SELECT <expression>`). */
export async function expression(sql: string): Promise<unknown> {
  const tree = parseText(await workingParser(), `SELECT ${sql}`) as unknown as SelectTree;
  const val = tree.stmts[0]?.stmt.SelectStmt.targetList[0]?.ResTarget.val;
  if (val === undefined) throw new Error(`no expression in ${sql}`);
  return val;
}

/** The arguments of a function call expression, and whether it was called with VARIADIC. */
export async function callArgs(call: string): Promise<{ fn: string; args: unknown[]; variadic: boolean }> {
  const node = (await expression(call)) as {
    FuncCall?: { funcname: Array<{ String: { sval: string } }>; args?: unknown[]; func_variadic?: boolean };
  };
  if (!node.FuncCall) throw new Error(`${call} is not a function call`);
  const names = node.FuncCall.funcname;
  return { fn: names[names.length - 1]?.String.sval ?? '', args: node.FuncCall.args ?? [], variadic: node.FuncCall.func_variadic === true };
}
