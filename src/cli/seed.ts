// `npm run db:seed -- [--scale 0.1] [--seed 42] [--end-date YYYY-MM-DD]`: loads the deterministic sample dataset,
// six years ending yesterday (UTC) unless --end-date pins it (refuses if data exists).

import { migrate } from '../data/migrate.js';
import { systemClock } from '../platform/clock.js';
import { createEmbedderFromConfig } from '../platform/embeddings/create-embedder.js';
import { parseIsoDay } from '../seed/calendar.js';
import { hasSampleData, seedSample } from '../seed/seed-sample.js';
import { cliArgs, fail, openCliTarget } from './cli-target.js';

try {
  const { values } = cliArgs({
    scale: { type: 'string', default: '0.1' },
    seed: { type: 'string', default: '42' },
    'end-date': { type: 'string' },
    'no-embeddings': { type: 'boolean', default: false },
  });
  const scale = Number(values.scale);
  const seed = Number(values.seed);
  if (!(scale > 0 && scale <= 10)) throw new Error('--scale must be a number above 0 and at most 10 (1 = 50,000 customers, ~200,000 orders).');
  if (!Number.isInteger(seed)) throw new Error('--seed must be an integer.');
  const endDate = values['end-date'];
  if (endDate !== undefined) parseIsoDay(endDate); // a bad date fails before anything is opened
  const target = await openCliTarget();
  try {
    await migrate(target.pool);
    if (await hasSampleData(target.database)) {
      throw Object.assign(new Error('The database already holds retail data; refusing to seed over it.'), {
        nextStep: 'Seed an empty database (or drop and recreate it) to load the sample again.',
      });
    }
    const embedder = values['no-embeddings'] ? undefined : createEmbedderFromConfig(target.config);
    const started = Date.now();
    const summary = await seedSample(target.database, {
      scale,
      seed,
      endDate,
      clock: systemClock,
      ...(embedder ? { embedder } : {}),
      onProgress: (m) => process.stdout.write(`${m}\n`),
    });
    process.stdout.write(`Seeded in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(summary)}\n`);
  } finally {
    await target.close();
  }
} catch (error) {
  fail(error);
}
