// The attack suite: every case of attack-cases.ts through the real MCP endpoint (HTTP host, real tokens, MCP SDK
// client), on every database target, with the SQL guard on and with it switched off. With the guard off, the
// database layer alone (READ ONLY transaction, zava_reader, FORCE RLS, the per-transaction scope row) must hold.
//
// Per case: the expected outcome (refused / scoped), no other tenant's data in the answer, nothing changed in the
// database (superuser snapshot compared with the one before the case), and the next benign call still answers
// with exactly the caller's stores. Cases run one after another: PGlite is a single connection.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  BENIGN_SQL,
  diffState,
  loadCallerContext,
  refusalProblems,
  rowsOf,
  scopeProblems,
  snapshotState,
  waitForIdlePool,
  type CallerContext,
  type DbState,
} from '../support/attack-harness.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { openTarget, TARGET_NAMES, type TestTarget } from '../support/targets.js';
import { callTool, type ToolOutcome } from '../support/tool-call.js';
import { ATTACK_CASES, type AttackCase, type Attacker } from './attack-cases.js';

const GUARD_MODES = [
  { mode: 'guard on', guardOff: false },
  { mode: 'guard off', guardOff: true },
] as const;

// Statement timeout (5 s) plus headroom for a loaded 2-core CI machine; a query that was not cut would take 30-60 s.
const DEFAULT_MAX_MS = 9000;

async function timedCall(client: Client, sql: string, maxRows?: number): Promise<{ out: ToolOutcome; ms: number }> {
  const started = performance.now();
  const out = await callTool(client, 'execute_sales_query', { postgresql_query: sql, ...(maxRows ? { max_rows: maxRows } : {}) });
  return { out, ms: Math.round(performance.now() - started) };
}

function describeOutcome(out: ToolOutcome): string {
  return `${out.isError ? 'error' : 'ran'}: ${out.text.slice(0, 400)}`;
}

describe('attack catalogue', () => {
  it('has at least 100 cases with unique ids, covering every category', () => {
    expect(ATTACK_CASES.length).toBeGreaterThanOrEqual(100);
    expect(new Set(ATTACK_CASES.map((c) => c.id)).size).toBe(ATTACK_CASES.length);
    const categories = new Set(ATTACK_CASES.map((c) => c.category));
    expect([...categories].sort()).toEqual([
      'catalog-leak',
      'context-tampering',
      'data-modifying-cte',
      'file-server',
      'indirect-execution',
      'multi-statement',
      'oracle',
      'parser-evasion',
      'resource',
      'write-ddl',
    ]);
    for (const c of ATTACK_CASES) {
      if (c.expect === 'refused-or-scoped') expect(c.scoped, `${c.id} must say what "scoped" means`).toBeTruthy();
    }
  });
});

describe.each(TARGET_NAMES)('attack suite on %s', (targetName) => {
  describe.each(GUARD_MODES)('$mode', ({ mode, guardOff }) => {
    let target: TestTarget;
    let server: TestServer;
    const clients = {} as Record<Attacker, Client>;
    const callers = {} as Record<Attacker, CallerContext>;
    let initial: DbState;
    let current: DbState;

    beforeAll(async () => {
      target = await openTarget(targetName);
      // Statistics must exist, so that the pg_stats cases show they are hidden rather than merely missing.
      await target.admin('ANALYZE retail.orders, retail.customers, retail.order_items, retail.inventory');
      server = await startTestServer(target, { unsafeDisableSqlGuardForTests: guardOff });
      expect(server.runtime.sqlGuard).toBe(guardOff ? 'off-for-tests' : 'on');
      [clients.seattle, clients.regional] = await Promise.all([server.client('seattle'), server.client('regional')]);
      [callers.seattle, callers.regional] = await Promise.all([loadCallerContext(target, 'seattle'), loadCallerContext(target, 'regional')]);
      for (const who of ['seattle', 'regional'] as const) {
        const { out } = await timedCall(clients[who], BENIGN_SQL);
        expect(out.isError, out.text).toBe(false);
        expect(rowsOf(out).map((r) => r.store_id)).toEqual(callers[who].storeIds);
      }
      initial = await snapshotState(target);
      current = initial;
    });

    afterAll(async () => {
      await server?.close();
      await target?.close();
    });

    const exposure = (c: AttackCase) =>
      c.exposure?.find((r) => (!r.target || r.target === targetName) && (!r.guard || r.guard === (guardOff ? 'off' : 'on')));
    // A documented exposure waives exactly its one secret; everything else is checked as for any case.
    const waived = (c: AttackCase): AttackCase => {
      const e = exposure(c);
      return e ? { ...c, secrets: c.secrets?.filter((s) => s !== e.waives) } : c;
    };
    const title = (c: AttackCase) => {
      const e = exposure(c);
      return `${c.category} › ${c.id}${e ? ` (runs; documented exposure, docs/security.md: ${e.why})` : ''}`;
    };

    it.each(ATTACK_CASES.map((c) => [title(c), waived(c)] as const))('%s', async (_name, c) => {
      const who = c.as ?? 'seattle';
      const caller = callers[who];
      const client = clients[who];
      const problems: string[] = [];
      const before = current;

      // The attack (with another tenant's query running at the same time, if the case has one).
      const background = c.background ? timedCall(clients[c.background.as], c.background.sql) : undefined;
      if (background) await new Promise((resolve) => setTimeout(resolve, 400));
      const { out, ms } = await timedCall(client, c.sql, c.maxRows);
      if (process.env.ATTACK_DEBUG) console.error(`[${c.id}] ${ms} ms ${describeOutcome(out).slice(0, 200)}`);
      if (background) await background;

      // 1. The outcome.
      const maxMs = (guardOff ? c.maxMsWithoutGuard : undefined) ?? c.maxMs ?? DEFAULT_MAX_MS;
      if (ms > maxMs) problems.push(`took ${ms} ms (limit ${maxMs} ms): not refused and not cancelled by the statement timeout`);
      let truth: Array<Record<string, unknown>> | undefined;
      if (c.truth && !out.isError) truth = await target.admin(c.truth, c.truth.includes('$1') ? [caller.storeIds] : undefined);
      if (c.expect === 'refused') problems.push(...refusalProblems(out));
      else if (c.expect === 'scoped') {
        if (out.isError && !c.sameAs) problems.push('expected the query to run (scoped), but it was refused');
        if (!out.isError) problems.push(...scopeProblems(c, out, caller, truth));
      } else if (out.isError) problems.push(...refusalProblems(out));
      else problems.push(...scopeProblems(c, out, caller, truth));
      if (!guardOff && (c.guard ?? (c.expect === 'scoped' ? 'either' : 'refuses')) === 'refuses') {
        // The guard's own refusals are SQL_NOT_ALLOWED without the database's "Not allowed:" prefix.
        if (!/^Error SQL_NOT_ALLOWED: /.test(out.text) || /^Error SQL_NOT_ALLOWED: Not allowed:/.test(out.text)) {
          problems.push('the SQL guard did not refuse it');
        }
      }
      if (c.background && out.text.includes(c.background.secret)) {
        problems.push(`another tenant's concurrent query text leaked (${c.background.secret})`);
      }
      if (c.background?.witness && !out.isError && !out.text.includes(c.background.witness)) {
        problems.push(`the concurrent session was not visible at all (no "${c.background.witness}"), so the case proved nothing`);
      }

      // 2. Nothing changed. (On PGlite the superuser shares the one session with the app: if the call left that
      // session broken, the snapshot fails the way the next tenant's call would.)
      let after: DbState;
      try {
        after = await snapshotState(target);
      } catch (error) {
        problems.push(`the next transaction on the database session failed after the call: ${(error as Error).message}`);
        after = await snapshotState(target);
      }
      const changed = diffState(before, after);
      if (changed.length > 0) problems.push(`the database changed: ${changed.join(' | ')}`);

      // 3. The next benign call still works and sees exactly the caller's stores.
      const benign = await timedCall(client, BENIGN_SQL);
      if (benign.out.isError) problems.push(`the next benign call failed: ${benign.out.text.slice(0, 200)}`);
      else {
        const ids = rowsOf(benign.out).map((r) => r.store_id);
        if (JSON.stringify(ids) !== JSON.stringify(caller.storeIds)) {
          problems.push(`the next benign call saw stores ${JSON.stringify(ids)} instead of ${JSON.stringify(caller.storeIds)}`);
        }
      }

      // 4. Oracles: the same outcome as the query about a store that does not exist.
      if (c.sameAs) {
        const control = await timedCall(client, c.sameAs, c.maxRows);
        if (control.out.isError !== out.isError || control.out.text !== out.text) {
          problems.push(`differs from the non-existent-store control: attack ${describeOutcome(out)} // control ${describeOutcome(control.out)}`);
        }
      }

      // Undo damage (only if the layer failed), then carry the current state to the next case.
      for (const statement of c.repair ?? []) await target.admin(statement);
      if (changed.length > 0 || c.sameAs || c.repair) {
        await waitForIdlePool(target.database);
        current = await snapshotState(target);
        if (c.sameAs && changed.length === 0 && !c.repair) {
          const byControl = diffState(after, current);
          if (byControl.length > 0) problems.push(`the control query changed the database: ${byControl.join(' | ')}`);
        }
      } else current = after;

      expect(problems, `[${targetName}, ${mode}, as ${who}] ${c.sql.slice(0, 300)}\n  outcome: ${describeOutcome(out)}`).toEqual([]);
    });

    it('leaves the database exactly as it found it', async () => {
      const end = await snapshotState(target);
      expect(diffState(initial, end)).toEqual([]);
    });
  });
});
