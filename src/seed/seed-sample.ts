// Loads the sample dataset and the sample principals in one maintenance transaction (all or nothing).

import type { Database } from '../data/database.js';
import { refreshEmbeddings } from '../embedding/embedding-refresh.js';
import { upsertPrincipals } from '../data/principals.js';
import { vacuumSummaries } from '../data/sales-summaries.js';
import { type Clock, systemClock } from '../platform/clock.js';
import type { Embedder } from '../platform/embeddings/embedder.js';
import { seedDatabase } from './load.js';
import { PRINCIPALS } from './stores.js';

export interface SampleSeedOptions {
  scale: number;
  seed: number;
  /** Last order day (YYYY-MM-DD); omitted: the day before `clock.now()`, UTC. */
  endDate?: string;
  /** Where "today" comes from (default the system clock). */
  clock?: Clock;
  embedder?: Embedder;
  onProgress?: (message: string) => void;
}

/** True when the retail tables already hold data (seen through the maintenance scope). */
export async function hasSampleData(db: Database): Promise<boolean> {
  return db.withMaintenance(async (q) => (await q.query('SELECT 1 FROM retail.stores LIMIT 1')).rows.length > 0);
}

/** Data and principals in one transaction; then, with an embedder, the product vectors through the embed pipeline. */
export async function seedSample(db: Database, options: SampleSeedOptions) {
  const progress = options.onProgress ?? (() => undefined);
  const summary = await db.withMaintenance(async (q) => {
    const seeded = await seedDatabase(q, {
      scale: options.scale,
      seed: options.seed,
      endDate: options.endDate,
      clock: options.clock ?? systemClock,
      onProgress: progress,
    });
    await upsertPrincipals(q, Object.values(PRINCIPALS));
    return seeded;
  });
  await vacuumSummaries(db);
  if (!options.embedder) return { ...summary, embeddings: null };
  const embeddings = await refreshEmbeddings(db, options.embedder, {
    onProgress: ({ done, total }) => progress(`embeddings: ${done} / ${total}`),
  });
  return { ...summary, embeddings: { model: embeddings.model, embedded: embeddings.embedded, ms: embeddings.ms } };
}
