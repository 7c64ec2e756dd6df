// `npm run db:migrate`: applies pending migrations to the configured database (idempotent).

import { migrate } from '../data/migrate.js';
import { openCliTarget, fail } from './cli-target.js';

try {
  const target = await openCliTarget();
  try {
    const result = await migrate(target.pool, { log: (m) => process.stdout.write(`${m}\n`) });
    process.stdout.write(
      result.applied.length === 0
        ? `Nothing to do: all ${result.alreadyApplied.length} migrations already applied.\n`
        : `Applied ${result.applied.length} migration(s); ${result.alreadyApplied.length} were already applied.\n`,
    );
  } finally {
    await target.close();
  }
} catch (error) {
  fail(error);
}
