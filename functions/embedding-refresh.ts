// Timer-triggered Function: refreshes product embeddings nightly in Azure. Registered only when
// EMBEDDING_REFRESH_ENABLED=true (off by default: it calls Azure OpenAI, which costs money).

import type { InvocationContext, Timer } from '@azure/functions';
import { azureFunctions } from './azure-functions.js';
import { refreshEmbeddings } from '../src/embedding/embedding-refresh.js';
import { withOwnerDatabase } from './runtime.js';

export async function embeddingRefresh(_timer: Timer, context: InvocationContext): Promise<void> {
  // Writing vectors is owner work: the runtime login the tools use can only read.
  const summary = await withOwnerDatabase((database, runtime) => refreshEmbeddings(database, runtime.embedder));
  context.log(JSON.stringify({ msg: 'embedding refresh', ...summary }));
}

if (process.env.EMBEDDING_REFRESH_ENABLED === 'true') {
  azureFunctions.app.timer('embeddingRefresh', {
    schedule: process.env.EMBEDDING_REFRESH_SCHEDULE ?? '0 0 3 * * *',
    runOnStartup: false,
    handler: embeddingRefresh,
  });
}
