// Orders written after the seed reach the business tools once the sales summaries are refreshed
// (src/data/sales-summaries.ts, `npm run db:refresh-summaries`): before it, the tools answer from the old figures
// while execute_sales_query already sees the new lines. On a private copy of the embedded test database, since the
// refresh commits and the PostgreSQL test database is shared by test files running at the same time.

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import azureFunctions, { type Timer } from '@azure/functions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshSalesSummaries, SUMMARY_TABLES } from '../../src/data/sales-summaries.js';
import { STORE_IDS } from '../../src/seed/stores.js';
import { functionsEnvironment } from '../support/functions-env.js';
import { startTestServer } from '../support/server.js';
import { openTarget, TARGET_NAMES, type TestTarget } from '../support/targets.js';
import { callTool, sqlRows } from '../support/tool-call.js';

const PERIOD = '2026-06';
const NEW_LINE_TOTAL = 1234.5;

describe('refreshing the sales summaries (pglite)', () => {
  let target: TestTarget;

  beforeAll(async () => {
    target = await openTarget('pglite');
  });
  afterAll(async () => {
    await target?.close();
  });

  /** Seattle's June revenue as get_store_performance and as the raw lines say, from a server with a cold cache. */
  async function seattleJune() {
    const server = await startTestServer(target);
    try {
      const client = await server.client('seattle');
      const tool = await callTool(client, 'get_store_performance', { period: PERIOD });
      expect(tool.isError).toBe(false);
      const [lines] = await sqlRows(
        client,
        "SELECT sum(oi.total_amount) AS revenue FROM retail.order_items oi JOIN retail.orders o USING (order_id) WHERE o.order_date BETWEEN '2026-06-01' AND '2026-06-30'",
      );
      return { tool: tool.structured?.revenue as number, lines: Number(lines?.revenue) };
    } finally {
      await server.close();
    }
  }

  it('leaves the tools on the old figures after a write, and brings them to the new lines when it runs', async () => {
    const before = await seattleJune();
    expect(before.tool).toBeCloseTo(before.lines, 2);

    // A sale written the way an import job would: plain inserts in the maintenance scope, no summary refresh.
    await target.database.withMaintenance(async (q) => {
      const { rows } = await q.query<{ customer_id: number; product_id: number; order_id: number; item_id: number }>(
        `SELECT (SELECT min(customer_id) FROM retail.customers WHERE store_id = $1) AS customer_id,
                (SELECT min(product_id) FROM retail.products) AS product_id,
                (SELECT max(order_id) + 1 FROM retail.orders) AS order_id,
                (SELECT max(order_item_id) + 1 FROM retail.order_items) AS item_id`,
        [STORE_IDS.seattle],
      );
      const ids = rows[0] as (typeof rows)[number];
      await q.query('INSERT INTO retail.orders (order_id, customer_id, store_id, order_date) VALUES ($1, $2, $3, $4)', [
        ids.order_id,
        ids.customer_id,
        STORE_IDS.seattle,
        '2026-06-15',
      ]);
      await q.query(
        `INSERT INTO retail.order_items (order_item_id, order_id, store_id, product_id, quantity, unit_price, total_amount)
         VALUES ($1, $2, $3, $4, 1, $5, $5)`,
        [ids.item_id, ids.order_id, STORE_IDS.seattle, ids.product_id, NEW_LINE_TOTAL],
      );
    });

    const stale = await seattleJune();
    expect(stale.lines).toBeCloseTo(before.lines + NEW_LINE_TOTAL, 2);
    expect(stale.tool).toBeCloseTo(before.tool, 2);

    const refreshed = await refreshSalesSummaries(target.database);
    expect(Object.keys(refreshed.rows)).toEqual([...SUMMARY_TABLES]);
    expect(Object.values(refreshed.rows).every((n) => n > 0)).toBe(true);

    const after = await seattleJune();
    expect(after.tool).toBeCloseTo(before.tool + NEW_LINE_TOTAL, 2);
    expect(after.tool).toBeCloseTo(after.lines, 2);
    // Its maintenance transaction leaves no scope row behind.
    expect(await target.admin('SELECT count(*)::int AS n FROM app.tx_scope')).toEqual([{ n: 0 }]);
  });
});

// The timer Function (functions/summary-refresh.ts) as the host runs it, with the owner's URL. On the shared test
// PostgreSQL: the lines do not change, so the recomputed summaries are the same rows and parallel tests see no
// difference (readers see the old or the new copy, never a mix).
describe.runIf(TARGET_NAMES.includes('postgres'))('the summary-refresh timer Function (postgres)', () => {
  const environment = functionsEnvironment();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'zava-summary-timer-'));

  beforeAll(() => {
    environment.set({
      AUTH_MODE: 'dev',
      DEV_ISSUER_KEY_FILE: path.join(dir, 'key.json'),
      DATABASE_OWNER_URL: process.env.TEST_DATABASE_URL ?? '',
      LOG_LEVEL: 'error',
    });
  });
  afterAll(async () => {
    await environment.restore();
    rmSync(dir, { recursive: true, force: true });
  });

  it('recomputes the summaries with the owner URL and logs the rows per table', async () => {
    const { summaryRefresh } = await import('../../functions/summary-refresh.js');
    const logged: unknown[][] = [];
    const context = new azureFunctions.InvocationContext({
      invocationId: 'summary-refresh-test',
      functionName: 'summaryRefresh',
      logHandler: (_level, ...args) => logged.push(args),
    });
    await summaryRefresh({ isPastDue: false, scheduleStatus: { last: '', next: '', lastUpdated: '' } } as Timer, context);
    const line = logged.map((args) => String(args[0])).find((text) => text.includes('summary refresh'));
    const summary = JSON.parse(line ?? '{}') as { rows?: Record<string, number>; ms?: number };
    expect(Object.keys(summary.rows ?? {})).toEqual([...SUMMARY_TABLES]);
    expect(Object.values(summary.rows ?? {}).every((n) => n > 0)).toBe(true);
  });
});
