// `npm run db:login`: enables the runtime login zava_app with a new password (as the owner, so run it with the
// owner's DATABASE_OWNER_URL or DATABASE_URL) and prints the DATABASE_URL the server should use. Run it again to
// rotate the password. --password sets a chosen one instead of a generated one.

import { migrate } from '../data/migrate.js';
import { enableRuntimeLogin, generatePassword, runtimeLoginUrl, RUNTIME_LOGIN } from '../data/runtime-login.js';
import { ConfigurationError } from '../platform/errors.js';
import { cliArgs, fail, openCliTarget } from './cli-target.js';

try {
  const { values } = cliArgs({ password: { type: 'string' } });
  const target = await openCliTarget();
  try {
    const ownerUrl = target.config.DATABASE_OWNER_URL ?? target.config.DATABASE_URL;
    if (!ownerUrl) {
      throw new ConfigurationError('The embedded database needs no runtime login (npm start connects it safely on its own).', {
        nextStep: 'Set DATABASE_OWNER_URL (or DATABASE_URL) to the owner connection of a PostgreSQL or Neon database.',
      });
    }
    const password = values.password ?? generatePassword();
    if (password.length < 16)
      throw new ConfigurationError('The password is too short.', { nextStep: 'Use at least 16 characters, or omit --password to generate one.' });
    await migrate(target.pool);
    await enableRuntimeLogin(target.pool, password);
    process.stderr.write(`${RUNTIME_LOGIN} can log in. Use this as the server's DATABASE_URL (a secret: store it in Key Vault):\n`);
    process.stdout.write(`${runtimeLoginUrl(ownerUrl, password)}\n`);
  } finally {
    await target.close();
  }
} catch (error) {
  fail(error);
}
