// Ordinary analytics SQL passes the guard and returns correct, scoped results: each query runs through the MCP
// tool as the Seattle manager on the full database, and is compared with the superuser running the same query on a
// copy that holds only Seattle's rows. The data's dates are pinned (TEST_END_DATE) and so are the queries', so
// every query must return rows; results are compared in order where the query has a top-level ORDER BY.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { STORE_IDS } from '../../src/seed/stores.js';
import { ANALYTICS_QUERIES } from '../support/analytics-queries.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { openTarget, TARGET_NAMES, type TestTarget } from '../support/targets.js';
import { callTool, rowObjects } from '../support/tool-call.js';

/** Rows as JSON lines, numbers rounded and dates normalised, in the rows' order. */
function canonicalRows(rows: Array<Record<string, unknown>>): string[] {
  return rows.map((row) =>
    JSON.stringify(
      Object.values(row).map((v) => {
        if (v === null || v === undefined) return null;
        const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(v) ? Number(v) : NaN;
        if (!Number.isNaN(n)) return Math.round(n * 1000) / 1000;
        if (v instanceof Date) return v.toISOString();
        // The tool returns dates and timestamps as text; the superuser's driver returns Date objects.
        if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}([ T][\d:.]+)?$/.test(v))
          return new Date(`${v.replace(' ', 'T')}${v.length === 10 ? 'T00:00:00' : ''}Z`).toISOString();
        return typeof v === 'object' ? JSON.stringify(v) : String(v);
      }),
    ),
  );
}

/** The rows in order when the query orders them (its ORDER BY is total), else as a sorted multiset. */
function canonical(rows: Array<Record<string, unknown>>, ordered: boolean): string[] {
  const lines = canonicalRows(rows);
  return ordered ? lines : lines.sort();
}

/**
 * True when the statement has an ORDER BY outside every parenthesis (so not a window's, a WITHIN GROUP's or a
 * subquery's). String literals are skipped; the list's queries carry no comments.
 */
function hasTopLevelOrderBy(sql: string): boolean {
  let depth = 0;
  let outside = '';
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i] as string;
    if (ch === "'") {
      const end = sql.indexOf("'", i + 1);
      i = end < 0 ? sql.length : end;
      outside += depth === 0 ? ' ' : '';
      continue;
    }
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (depth === 0) outside += ch;
  }
  return /\border\s+by\b/i.test(outside);
}

/** Every numeric cell (numbers, and numerics the driver returns as text), so an all-zero result can be told apart. */
function numericCells(rows: ReadonlyArray<Record<string, unknown>>): number[] {
  return rows.flatMap((row) =>
    Object.values(row).flatMap((v) =>
      typeof v === 'number' || typeof v === 'bigint' || (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) ? [Number(v)] : [],
    ),
  );
}

describe('analytics queries (pglite): correct and scoped', () => {
  let full: TestTarget;
  let seattleOnly: TestTarget;
  let server: TestServer;
  let seattle: Client;

  beforeAll(async () => {
    [full, seattleOnly] = await Promise.all([openTarget('pglite'), openTarget('pglite')]);
    // Ground truth: a copy where other stores' rows do not exist at all.
    for (const table of ['order_items', 'orders', 'inventory', 'customers']) {
      await seattleOnly.admin(`DELETE FROM retail.${table} WHERE store_id <> $1`, [STORE_IDS.seattle]);
    }
    server = await startTestServer(full);
    seattle = await server.client('seattle');
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await Promise.all([full?.close(), seattleOnly?.close()]);
  });

  it('has at least 30 realistic queries, all but three of them ordered', () => {
    expect(ANALYTICS_QUERIES.length).toBeGreaterThanOrEqual(30);
    // Pins the ORDER BY detector: exactly these aggregate-only queries are compared as multisets.
    expect(ANALYTICS_QUERIES.filter((q) => !hasTopLevelOrderBy(q.sql)).map((q) => q.name)).toEqual([
      'most common quantity (mode) and spread',
      'orders containing a category (IN subquery)',
      'discount vs quantity correlation',
    ]);
    expect(hasTopLevelOrderBy("SELECT rank() OVER (ORDER BY x) FROM t WHERE s = ' ORDER BY '")).toBe(false);
    expect(hasTopLevelOrderBy('(SELECT 1) UNION (SELECT 2) ORDER BY 1')).toBe(true);
  });

  it.each(ANALYTICS_QUERIES.map((q) => [q.name, q.sql] as const))('%s', async (_name, sql) => {
    const out = await callTool(seattle, 'execute_sales_query', { postgresql_query: sql, max_rows: 1000 });
    expect(out.isError, out.text).toBe(false);
    expect(out.structured?.truncated).toBe(false);
    const rows = rowObjects(out.structured);
    const truth = await seattleOnly.admin<Record<string, unknown>>(sql);
    // Empty equals empty proves nothing: the pinned data gives every query rows, and some real figure in them.
    expect(truth.length, 'the ground truth has rows').toBeGreaterThan(0);
    const numbers = numericCells(truth);
    expect(numbers.length === 0 || numbers.some((n) => n !== 0), 'not only zeros (e.g. a calendar of empty months)').toBe(true);
    expect(canonical(rows, hasTopLevelOrderBy(sql))).toEqual(canonical(truth, hasTopLevelOrderBy(sql)));
  });
});

describe.each(TARGET_NAMES)('analytics queries run for every role on %s', (targetName) => {
  let target: TestTarget;
  let server: TestServer;
  const clients: Record<string, Client> = {};

  beforeAll(async () => {
    target = await openTarget(targetName);
    server = await startTestServer(target);
    for (const who of ['seattle', 'regional', 'headoffice'] as const) clients[who] = await server.client(who);
  });
  afterAll(async () => {
    await server?.close();
    await target?.close();
  });

  it.each(['seattle', 'regional', 'headoffice'])('all queries succeed for %s', async (who) => {
    const failures: string[] = [];
    for (const q of ANALYTICS_QUERIES) {
      const out = await callTool(clients[who] as Client, 'execute_sales_query', { postgresql_query: q.sql, max_rows: 1000 });
      if (out.isError) failures.push(`${q.name}: ${out.text}`);
    }
    expect(failures).toEqual([]);
  });
});
