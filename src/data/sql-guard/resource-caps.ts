// Resource caps on functions that can make a lot from a little: generate_series (row estimate), repeat, lpad,
// rpad (constant count or length) and format (constant format string, bounded widths).

import { constNumber, constString, hasNamedArgs } from './constant-eval.js';
import { estimateSeriesRows } from './estimates.js';
import { GUARD_LIMITS } from './policy.js';
import { refuse } from './refusal.js';

/** Refuses a call of `fn` whose arguments exceed its cap; other functions pass. */
export function checkResourceLimits(fn: string, args: unknown[], variadic: boolean): void {
  switch (fn) {
    case 'generate_series':
      return checkGenerateSeries(args, variadic);
    case 'repeat':
      return checkConstantArg(fn, args, 1, GUARD_LIMITS.maxRepeatCount, 'count', variadic);
    case 'lpad':
    case 'rpad':
      return checkConstantArg(fn, args, 1, GUARD_LIMITS.maxPadLength, 'length', variadic);
    case 'format':
      return checkFormat(args);
    default:
      return;
  }
}

function checkConstantArg(fn: string, args: unknown[], index: number, max: number, what: string, variadic: boolean): void {
  const value = variadic || hasNamedArgs(args) ? undefined : constNumber(args[index]);
  if (value === undefined || value > max) {
    refuse(
      `function ${fn}`,
      `Function ${fn} is only allowed with a constant ${what} of at most ${max}${value === undefined ? '' : ` (found ${value})`}. Use a smaller constant.`,
    );
  }
}

/** format(): the format string must be a constant without '*' widths or widths above the cap. */
function checkFormat(args: unknown[]): void {
  const fmt = hasNamedArgs(args) ? undefined : constString(args[0]);
  if (fmt === undefined) {
    refuse('function format', 'Function format is only allowed with a constant format string. Write the format string as a literal.');
  }
  const spec = /%(?:\d+\$)?(-?)(\*(?:\d+\$)?|\d+)?([a-zA-Z%])/g;
  for (const m of fmt.matchAll(spec)) {
    const width = m[2];
    if (width === undefined) continue;
    if (width.startsWith('*') || Number(width) > GUARD_LIMITS.maxFormatWidth) {
      refuse(
        'function format',
        `Function format is only allowed with constant field widths of at most ${GUARD_LIMITS.maxFormatWidth} (found %${m[1] ?? ''}${width}). Use a smaller width.`,
      );
    }
  }
}

function checkGenerateSeries(args: unknown[], variadic: boolean): void {
  const max = GUARD_LIMITS.maxGenerateSeriesRows;
  const estimate = estimateSeriesRows(args, variadic, Date.now());
  if (estimate.kind === 'not-constant') {
    refuse(
      'function generate_series',
      "generate_series is only allowed with constant bounds (numbers, or dates built from literals, CURRENT_DATE/now(), date_trunc and interval offsets) and a constant step such as interval '1 month'. Rewrite the arguments.",
    );
  }
  if (estimate.kind === 'unclear-step') {
    refuse('function generate_series', "generate_series needs a step interval that is clearly positive or negative, such as interval '1 month'.");
  }
  const { rows } = estimate;
  if (!(rows <= max)) {
    refuse(
      'function generate_series',
      `generate_series would produce about ${Number.isFinite(rows) ? Math.ceil(rows).toLocaleString('en-US') : 'unbounded'} rows; at most ${max.toLocaleString('en-US')} are allowed. Narrow the range or use a larger step.`,
    );
  }
}
