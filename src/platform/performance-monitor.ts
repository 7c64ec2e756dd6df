// The query performance monitor: a per-tool summary since the process started (count, mean, p95, max, slow and
// error counts) for operators, and the threshold above which a call is logged as slow. No SQL text is kept.

export interface ToolPerformance {
  tool: string;
  count: number;
  mean_ms: number;
  p95_ms: number;
  max_ms: number;
  slow: number;
  errors: number;
}

export interface PerformanceSummary {
  since: string;
  slow_query_ms: number;
  tools: ToolPerformance[];
}

export interface PerformanceMonitor {
  readonly slowQueryMs: number;
  /** Records one call; returns whether it was slow. */
  record(tool: string, durationMs: number, failed: boolean): boolean;
  summary(): PerformanceSummary;
}

/** Recent durations kept per tool for the p95 (a bounded window: memory stays flat however long the process runs). */
const WINDOW = 1000;

interface Stats {
  count: number;
  totalMs: number;
  maxMs: number;
  slow: number;
  errors: number;
  recent: number[];
  next: number;
}

export function createPerformanceMonitor(options: { slowQueryMs: number; now?: () => Date }): PerformanceMonitor {
  const since = (options.now ?? (() => new Date()))().toISOString();
  const byTool = new Map<string, Stats>();
  return {
    slowQueryMs: options.slowQueryMs,
    record(tool, durationMs, failed) {
      let stats = byTool.get(tool);
      if (!stats) {
        stats = { count: 0, totalMs: 0, maxMs: 0, slow: 0, errors: 0, recent: [], next: 0 };
        byTool.set(tool, stats);
      }
      const slow = durationMs > options.slowQueryMs;
      stats.count++;
      stats.totalMs += durationMs;
      stats.maxMs = Math.max(stats.maxMs, durationMs);
      if (slow) stats.slow++;
      if (failed) stats.errors++;
      if (stats.recent.length < WINDOW) stats.recent.push(durationMs);
      else stats.recent[stats.next] = durationMs;
      stats.next = (stats.next + 1) % WINDOW;
      return slow;
    },
    summary() {
      const round = (n: number) => Math.round(n * 10) / 10;
      const tools = [...byTool.entries()].map(([tool, s]) => {
        const sorted = [...s.recent].sort((a, b) => a - b);
        const p95 = sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)] ?? 0;
        return {
          tool,
          count: s.count,
          mean_ms: round(s.totalMs / s.count),
          p95_ms: round(p95),
          max_ms: round(s.maxMs),
          slow: s.slow,
          errors: s.errors,
        };
      });
      tools.sort((a, b) => a.tool.localeCompare(b.tool));
      return { since, slow_query_ms: options.slowQueryMs, tools };
    },
  };
}
