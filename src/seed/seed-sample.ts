// Loads the sample dataset and the sample principals in one maintenance transaction (all or nothing).

import type { Database } from '../data/database.js';
import { upsertPrincipals } from '../data/principals.js';
import type { Embedder } from '../platform/embeddings/embedder.js';
import { seedDatabase } from './load.js';
import { PRINCIPALS } from './stores.js';

export interface SampleSeedOptions {
  scale: number;
  seed: number;
  embedder?: Embedder;
  onProgress?: (message: string) => void;
}

/** True when the retail tables already hold data (seen through the maintenance scope). */
export async function hasSampleData(db: Database): Promise<boolean> {
  return db.withMaintenance(async (q) => (await q.query('SELECT 1 FROM retail.stores LIMIT 1')).rows.length > 0);
}

export async function seedSample(db: Database, options: SampleSeedOptions) {
  return db.withMaintenance(async (q) => {
    const summary = await seedDatabase(q, {
      scale: options.scale,
      seed: options.seed,
      ...(options.embedder ? { embedder: options.embedder } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    await upsertPrincipals(q, Object.values(PRINCIPALS));
    await q.query('ANALYZE');
    return summary;
  });
}
