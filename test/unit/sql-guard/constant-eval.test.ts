// Unit tests for the guard's constant evaluation (src/data/sql-guard/constant-eval.ts) on real parse trees:
// what counts as a constant number or string, and everything that must not.

import { describe, expect, it } from 'vitest';
import { constNumber, constString, hasNamedArgs } from '../../../src/data/sql-guard/constant-eval.js';
import { callArgs, expression } from './parse.js';

describe('constNumber', () => {
  it.each([
    ['42', 42],
    ['0', 0], // the parser leaves out ival for 0
    ['-5', -5], // folded into the constant by the parser
    ['-(5)', -5],
    ['- -3', 3],
    ['+7', 7], // unary plus stays an A_Expr
    ['-(5::int8)', -5], // unary minus over a cast stays an A_Expr
    ['+(-(2::numeric))', -2],
    ['1.5', 1.5],
    ['-2.5e3', -2500],
    ['-0.0', -0],
    ['2147483648', 2_147_483_648], // too large for int4: the parser makes it a Float
    ['3::int2', 3],
    ['3::int4', 3],
    ['3::bigint', 3],
    ['CAST(3 AS numeric)', 3],
    ['3::real', 3],
    ['3::double precision', 3],
    ['3::pg_catalog.int8', 3],
    ['(2.5::float8)::numeric', 2.5],
  ])('%s is %d', async (sql, value) => {
    expect(constNumber(await expression(sql))).toBe(value);
  });

  it.each([
    ['1e400', 'overflows to Infinity'],
    ['-1e400', 'overflows to -Infinity'],
    ["'12'", 'a string literal'],
    ["'12'::int", 'a cast of a string'],
    ['3::text', 'a cast to a non-numeric type'],
    ['1 + 2', 'arithmetic is not evaluated'],
    ['abs(-3)', 'a function call'],
    ['n', 'a column'],
    ['-n', 'the negation of a column'],
    ['~5', 'an operator other than + and -'],
    ['NULL', 'NULL'],
    ['true', 'a boolean'],
    ["x'1F'", 'a bit string'],
    ['(SELECT 1)', 'a subquery'],
  ])('%s is not a constant number (%s)', async (sql) => {
    expect(constNumber(await expression(sql))).toBeUndefined();
  });

  it('is undefined for anything that is not a wrapped node', () => {
    expect(constNumber(undefined)).toBeUndefined();
    expect(constNumber(42)).toBeUndefined();
    expect(constNumber({ A_Const: { ival: { ival: 1 } }, Extra: {} })).toBeUndefined();
  });
});

describe('constString', () => {
  it.each([
    ["'abc'", 'abc'],
    ["''", ''],
    ["'it''s'", "it's"],
    [String.raw`E'a\nb'`, 'a\nb'],
    ['$$x; y$$', 'x; y'],
    ["U&'\\0041'", 'A'],
    ["'abc'::text", 'abc'],
    ["'abc'::varchar(3)", 'abc'],
    ["'abc'::pg_catalog.text", 'abc'],
    ["('abc'::varchar)::text", 'abc'],
  ])('%s is %j', async (sql, value) => {
    expect(constString(await expression(sql))).toBe(value);
  });

  it.each([
    ["'abc'::bpchar", 'a cast to char'],
    ["'abc'::name", 'a cast to another type'],
    ['42', 'a number'],
    ["'a' || 'b'", 'concatenation is not evaluated'],
    ["lower('A')", 'a function call'],
    ['s', 'a column'],
    ['NULL', 'NULL'],
  ])('%s is not a constant string (%s)', async (sql) => {
    expect(constString(await expression(sql))).toBeUndefined();
  });
});

describe('hasNamedArgs', () => {
  it('is true when any argument is named', async () => {
    expect(hasNamedArgs((await callArgs('f(a => 1)')).args)).toBe(true);
    expect(hasNamedArgs((await callArgs('f(1, b => 2)')).args)).toBe(true);
    expect(hasNamedArgs((await callArgs('f(1, b := 2)')).args)).toBe(true);
  });

  it('is false for positional arguments and for none', async () => {
    expect(hasNamedArgs((await callArgs('f(1, 2)')).args)).toBe(false);
    expect(hasNamedArgs((await callArgs('f()')).args)).toBe(false);
  });
});
