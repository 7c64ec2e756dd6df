// `npm run --silent token -- <who>`: prints a development token for a sample principal (local dev mode only).

import { loadDevIssuer } from '../auth/dev-issuer.js';
import { loadConfig } from '../platform/config.js';
import { fromRoot } from '../platform/paths.js';
import { PRINCIPALS, type PrincipalKey } from '../seed/stores.js';

async function main(): Promise<void> {
  const who = process.argv[2] as PrincipalKey | undefined;
  const names = Object.keys(PRINCIPALS).join(', ');
  if (!who || !(who in PRINCIPALS)) {
    process.stderr.write(`Usage: npm run --silent token -- <who>\n  where <who> is one of: ${names}\n`);
    process.exit(2);
  }
  const config = loadConfig();
  if (config.authMode !== 'dev') {
    process.stderr.write('Development tokens only work against a server in AUTH_MODE=dev (never in Azure).\n');
    process.exit(2);
  }
  const principal = PRINCIPALS[who];
  const issuer = await loadDevIssuer(fromRoot(config.DEV_ISSUER_KEY_FILE));
  process.stdout.write(`${await issuer.issue({ sub: principal.principalId, name: principal.displayName })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
