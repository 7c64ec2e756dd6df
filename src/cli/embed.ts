// `npm run embed`: computes missing or stale product embeddings with the configured embedder (idempotent, resumable).

import { refreshEmbeddings } from '../embedding/embedding-refresh.js';
import { migrate } from '../data/migrate.js';
import { createEmbedderFromConfig } from '../platform/embeddings/create-embedder.js';
import { cliArgs, fail, openCliTarget } from './cli-target.js';
import { progressBar } from './progress-bar.js';

try {
  const { values } = cliArgs({ 'batch-size': { type: 'string', default: '100' } });
  const batchSize = Number(values['batch-size']);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 2048) throw new Error('--batch-size must be an integer from 1 to 2048.');
  const target = await openCliTarget();
  try {
    await migrate(target.pool);
    const embedder = createEmbedderFromConfig(target.config);
    const bar = progressBar(`embedding with ${embedder.model}`);
    const controller = new AbortController();
    process.once('SIGINT', () => controller.abort(new Error('interrupted: finished batches are kept; run again to resume')));
    const s = await refreshEmbeddings(target.database, embedder, {
      batchSize,
      signal: controller.signal,
      onProgress: ({ done, total }) => total > 0 && bar(done, total),
    });
    if (s.otherModels.length > 0) {
      process.stdout.write(`Found vectors from other models (${s.otherModels.join(', ')}): ${s.otherModel} products re-embedded with ${s.model}.\n`);
    }
    process.stdout.write(
      s.embedded === 0
        ? `Nothing to do: all ${s.products} products already have up-to-date ${s.model} embeddings.\n`
        : `Embedded ${s.embedded} products in ${(s.ms / 1000).toFixed(1)} s (${s.missing} missing, ${s.staleText} with changed text, ${s.otherModel} from another model); ${s.upToDate} were up to date.\n`,
    );
  } finally {
    await target.close();
  }
} catch (error) {
  fail(error);
}
