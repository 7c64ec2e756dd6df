// Resource for operators: per-tool performance since this instance started (count, mean, p95, max, slow, errors).
// Readable by head office only; other callers get an error that says so (the figures span every tenant's calls).

import { defineResource } from '../define-prompt.js';
import { AuthorizationError } from '../../platform/errors.js';

export const performanceSummaryResource = defineResource({
  name: 'performance-summary',
  uri: 'zava://operations/performance',
  title: 'Tool performance (operators)',
  description: 'Per-tool call count, mean, p95 and max duration, slow and error counts since this instance started. Head office only.',
  mimeType: 'application/json',
  read: async (ctx) => {
    const scope = await ctx.scopeInfo();
    if (scope.role !== 'head_office') {
      throw new AuthorizationError('The performance summary is for operators (head office) only.', {
        nextStep: 'Ask about your stores with the business tools instead.',
      });
    }
    return JSON.stringify(ctx.performance.summary());
  },
});
