// Unit tests for the guard's text prechecks (src/data/sql-guard/prechecks.ts): what is refused before parsing,
// in which order, with which code, construct and message.

import { describe, expect, it } from 'vitest';
import { checkText } from '../../../src/data/sql-guard/prechecks.js';

const NOT_A_STRING = {
  ok: false,
  code: 'SQL_NOT_ALLOWED',
  construct: 'empty query',
  message: 'The query must be a string containing one SELECT statement.',
};
const EMPTY = { ok: false, code: 'SQL_NOT_ALLOWED', construct: 'empty query', message: 'The query is empty. Send one SELECT statement.' };
const NUL = { ok: false, code: 'SQL_NOT_ALLOWED', construct: 'NUL character', message: 'The query contains a NUL character. Remove it.' };
const SURROGATE = {
  ok: false,
  code: 'SQL_NOT_ALLOWED',
  construct: 'invalid Unicode',
  message: 'The query contains invalid Unicode (a lone surrogate). Remove it.',
};

describe('checkText', () => {
  it.each([
    ['SELECT 1'],
    ['  SELECT 1  '],
    ['SELECT 1; DROP TABLE orders'], // statements are the parser's business, not the precheck's
    ['SELECT \uD83D\uDE00 AS emoji'], // a surrogate pair is fine
    ["SELECT 'é€' AS s"],
    ['x'],
  ])('lets %j through to the parser', (sql) => {
    expect(checkText(sql, 20_000)).toBeUndefined();
  });

  it.each([[undefined], [null], [42], [['SELECT 1']], [{ sql: 'SELECT 1' }]])('refuses a non-string (%j)', (value) => {
    expect(checkText(value, 20_000)).toEqual(NOT_A_STRING);
  });

  it('counts the length in UTF-16 code units and allows exactly the maximum', () => {
    expect(checkText('SELECT 1AB', 10)).toBeUndefined();
    expect(checkText('SELECT 1ABC', 10)).toEqual({
      ok: false,
      code: 'SQL_TOO_LONG',
      construct: 'query length',
      message: 'The query is 11 characters long; the limit is 10. Simplify it or split the analysis into several queries.',
    });
    // An emoji is two code units: 9 visible characters, 10 units.
    expect(checkText('SELECT \uD83D\uDE001', 10)).toBeUndefined();
    expect(checkText('SELECT \uD83D\uDE0012', 10)).toMatchObject({ code: 'SQL_TOO_LONG', construct: 'query length' });
  });

  it.each([[''], [' '], ['\n\t\r  '], ['\u00a0\u2003']])('refuses blank text %j', (sql) => {
    expect(checkText(sql, 20_000)).toEqual(EMPTY);
  });

  it.each([['SELECT 1\0'], ['\0'], ['SELECT 1 /* \0 */'], ["SELECT '\0' AS s"]])('refuses a NUL character in %j', (sql) => {
    expect(checkText(sql, 20_000)).toEqual(NUL);
  });

  it.each([
    ['a lone high surrogate', 'SELECT \uD800'],
    ['a lone high surrogate at the start', '\uD83DSELECT 1'],
    ['a lone low surrogate', 'SELECT \uDC00 AS x'],
    ['a reversed pair', 'SELECT \uDE00\uD83D'],
    ['a high surrogate followed by another high one', 'SELECT \uD83D\uD83D\uDE00'],
  ])('refuses %s', (_name, sql) => {
    expect(checkText(sql, 20_000)).toEqual(SURROGATE);
  });

  it('checks in a fixed order: type, length, blank, NUL, Unicode', () => {
    expect(checkText(`${' '.repeat(11)}`, 10)).toMatchObject({ code: 'SQL_TOO_LONG' }); // too long before blank
    expect(checkText(`\0${'x'.repeat(10)}`, 10)).toMatchObject({ code: 'SQL_TOO_LONG' }); // too long before NUL
    expect(checkText(' \0 ', 10)).toEqual(NUL); // trim() keeps the NUL: not blank
    expect(checkText('\0\uD800', 10)).toEqual(NUL); // NUL before Unicode
  });
});
