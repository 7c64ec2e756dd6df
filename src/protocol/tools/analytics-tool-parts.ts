// Shared pieces of the six analytics tools: input schemas for period and store, output schemas for ranges and
// stores, the cache-key forms of arguments, and small text helpers for the compact renderings.

import { z } from 'zod';
import { PERIOD_FORMS, type ResolvedPeriod, resolvePeriod } from '../../analytics/periods.js';
import { nameKey, type StoreRef } from '../../analytics/sales/scope-resolution.js';
import type { ToolContext } from '../define-tool.js';

export const READ_ONLY_ANNOTATIONS = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;

export const periodInput = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .describe(`The period, UTC, both ends inclusive. Forms: ${PERIOD_FORMS}. Examples: "last_month", "2025-Q3", "2025-01-01..2025-03-31".`);

export const storeInput = z
  .union([z.string().trim().min(1).max(100), z.number().int().positive()])
  .optional()
  .describe('One of your stores, by id (1), name ("Zava Retail Seattle") or city ("Seattle"), case-insensitive. Omit for all your stores.');

export const categoryInput = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .optional()
  .describe('A product category by name, case-insensitive, e.g. "Power Tools". Omit for all categories.');

export const dateRangeOutput = z.object({ from: z.string().describe('YYYY-MM-DD, inclusive'), to: z.string().describe('YYYY-MM-DD, inclusive') });
export const storeRefOutput = z.object({ store_id: z.number().int(), store_name: z.string() });

export function resolveToolPeriod(ctx: ToolContext, period: string): ResolvedPeriod {
  return resolvePeriod(period, ctx.clock.now());
}

/**
 * The cache-key form of a period: its resolved dates and calendar unit (the unit decides the previous period).
 * An invalid period keys on its text; run() then refuses it, and refusals are not cached.
 */
export function periodKey(ctx: ToolContext, period: string): unknown {
  try {
    const p = resolveToolPeriod(ctx, period);
    return { from: p.from, to: p.to, unit: p.unit };
  } catch {
    return { invalid: period.trim() };
  }
}

export const storeKey = nameKey;

export function describeStores(stores: readonly StoreRef[]): string {
  if (stores.length === 0) return 'no stores';
  if (stores.length > 3) return `${stores.length} stores`;
  return stores.map((s) => s.store_name).join(', ');
}

export function percentText(value: number | null): string {
  if (value === null) return 'n/a';
  return `${value > 0 ? '+' : ''}${value.toFixed(2)}%`;
}

/** Keeps a rendering under the budget by dropping whole lines, saying how many were left out. */
export function fitLines(head: string[], lines: string[], maxBytes = 1900): string {
  const out = [...head];
  let size = Buffer.byteLength(out.join('\n'));
  let kept = 0;
  for (const line of lines) {
    const next = Buffer.byteLength(line) + 1;
    if (size + next > maxBytes - 60) break;
    out.push(line);
    size += next;
    kept++;
  }
  if (kept < lines.length) out.push(`... ${lines.length - kept} more rows in structuredContent.`);
  return out.join('\n');
}
