// Vitest global setup: build the embedded template and, when TEST_DATABASE_URL is set, prepare that database once.

import { migrate } from '../../src/data/migrate.js';
import { openDatabase } from '../../src/data/open-database.js';
import { hasSampleData } from '../../src/seed/seed-sample.js';
import { enableRuntimeLogin } from '../../src/data/runtime-login.js';
import { buildTemplate, dbOptions, prepareDatabase, TEST_RUNTIME_PASSWORD } from './template.js';

export default async function setup(): Promise<void> {
  const started = Date.now();
  await buildTemplate();
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const opened = await openDatabase({ kind: 'url', url, bridge: 'auto', poolMax: 2 }, dbOptions);
    try {
      await migrate(opened.pool);
      if (!(await hasSampleData(opened.database))) await prepareDatabase(opened.pool);
      await enableRuntimeLogin(opened.pool, TEST_RUNTIME_PASSWORD);
    } finally {
      await opened.close();
    }
  }
  process.stderr.write(`test databases ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
