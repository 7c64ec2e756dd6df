// Timer-triggered Function: recomputes the sales summaries the business tools read (npm run db:refresh-summaries on
// a schedule), for data that an import job writes into orders and order_items. Registered only when
// SUMMARY_REFRESH_ENABLED=true (off by default: the sample data never changes, and a schedule wakes a Neon compute
// that has scaled to zero).

import type { InvocationContext, Timer } from '@azure/functions';
import { azureFunctions } from './azure-functions.js';
import { refreshSalesSummaries } from '../src/data/sales-summaries.js';
import { withOwnerDatabase } from './runtime.js';

export async function summaryRefresh(_timer: Timer, context: InvocationContext): Promise<void> {
  const summary = await withOwnerDatabase((database) => refreshSalesSummaries(database));
  context.log(JSON.stringify({ msg: 'summary refresh', ...summary }));
}

if (process.env.SUMMARY_REFRESH_ENABLED === 'true') {
  azureFunctions.app.timer('summaryRefresh', {
    // Daily at 02:30 UTC, before the embedding refresh (03:00): after a nightly import.
    schedule: process.env.SUMMARY_REFRESH_SCHEDULE ?? '0 30 2 * * *',
    runOnStartup: false,
    handler: summaryRefresh,
  });
}
