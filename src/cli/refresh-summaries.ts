// `npm run db:refresh-summaries`: recomputes the sales summaries the business tools read, after orders, order_items
// or products were written other than by the seed (owner work: DATABASE_OWNER_URL, else DATABASE_URL, else the
// embedded database). Safe to run at any time: readers see the old figures until it commits.

import { migrate } from '../data/migrate.js';
import { refreshSalesSummaries } from '../data/sales-summaries.js';
import { cliArgs, fail, openCliTarget } from './cli-target.js';

try {
  cliArgs({});
  const target = await openCliTarget();
  try {
    await migrate(target.pool);
    const { rows, ms } = await refreshSalesSummaries(target.database);
    const counts = Object.entries(rows).map(([table, n]) => `${table.replace('retail_summary.', '')} ${n}`);
    process.stdout.write(`Sales summaries refreshed in ${(ms / 1000).toFixed(1)} s (rows: ${counts.join(', ')}).\n`);
  } finally {
    await target.close();
  }
} catch (error) {
  fail(error);
}
