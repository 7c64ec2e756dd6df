// The CTE-count limit: PostgreSQL cannot cancel the planning of a long chain of inlined CTEs, so the guard refuses it.

import { describe, expect, it } from 'vitest';
import { checkReadOnlySql } from '../../../src/data/sql-guard/index.js';
import { GUARD_LIMITS } from '../../../src/data/sql-guard/policy.js';

const chain = (n: number) =>
  `WITH ${Array.from({ length: n }, (_, i) => `c${i} AS (SELECT ${i === 0 ? '1 AS x' : `x FROM c${i - 1}`})`).join(', ')} SELECT x FROM c${n - 1}`;

describe('common table expression limit', () => {
  it(`accepts a chain of exactly ${GUARD_LIMITS.maxCommonTableExpressions} CTEs`, async () => {
    expect((await checkReadOnlySql(chain(GUARD_LIMITS.maxCommonTableExpressions))).ok).toBe(true);
  });

  it('refuses one more, saying what to change', async () => {
    const verdict = await checkReadOnlySql(chain(GUARD_LIMITS.maxCommonTableExpressions + 1));
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.message).toMatch(/more than 100 common table expressions .*Combine steps/);
  });

  it('counts CTEs of nested WITH clauses together', async () => {
    const half = Array.from({ length: 51 }, (_, i) => `a${i} AS (SELECT ${i} AS x)`).join(', ');
    const inner = Array.from({ length: 51 }, (_, i) => `b${i} AS (SELECT ${i} AS x)`).join(', ');
    const verdict = await checkReadOnlySql(`WITH ${half} SELECT * FROM (WITH ${inner} SELECT x FROM b0) s`);
    expect(verdict.ok).toBe(false);
  });
});
