// `npm start`: serves the endpoint locally on http://127.0.0.1:7071 (PORT overrides), on the embedded database
// unless DATABASE_URL or DATABASE_OWNER_URL is set. SIGTERM or Ctrl-C shuts down gracefully (calls in flight finish).

import { createRuntime } from '../app/runtime.js';
import { loadConfig } from '../platform/config.js';
import { AppError } from '../platform/errors.js';
import { createLogger } from '../platform/logger.js';
import { shutdownRuntime } from '../app/shutdown.js';
import { startLocalHost } from './host.js';
import { prepareOwnerDatabase } from './owner-database.js';

async function main(): Promise<void> {
  const env = loadConfig();
  const log = createLogger({ level: env.LOG_LEVEL });
  const config = await prepareOwnerDatabase(env, log);
  const runtime = createRuntime({ config, logger: log });
  log.info('starting', { database: config.DATABASE_URL ? 'DATABASE_URL' : 'embedded PGlite', auth: config.authMode });
  await runtime.database(); // migrate/seed/self-check before announcing the URL
  const host = await startLocalHost(runtime, { port: config.PORT });
  // Handlers first: a signal that arrives as soon as the URL is announced is already a graceful stop.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      log.warn('second signal during shutdown: exiting now', { signal });
      process.exit(1);
    }
    stopping = true;
    // Stop accepting, let the calls in flight finish (bounded), then close the pool and flush telemetry.
    log.info('shutting down', { signal, in_flight: host.inFlight.count, timeout_ms: config.SHUTDOWN_TIMEOUT_MS });
    host.stopAccepting();
    await shutdownRuntime(runtime, host.inFlight, config.SHUTDOWN_TIMEOUT_MS);
    await host.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  const banner = [
    '',
    `Zava Retail Analytics MCP is listening on ${host.url}/api/mcp`,
    `  health:   ${host.url}/api/health  (readiness: ${host.url}/api/health/ready)`,
    `  token:    npm run --silent token -- seattle   (or bellevue, tacoma, spokane, everett, redmond, kirkland, online, regional, headoffice)`,
    `  connect:  send "Authorization: Bearer <token>" (see README: VS Code and MCP Inspector)`,
    'Press Ctrl-C to stop.',
    '',
  ].join('\n');
  process.stdout.write(banner);
}

main().catch((error: unknown) => {
  const message = error instanceof AppError ? `${error.message}${error.nextStep ? `\n${error.nextStep}` : ''}` : String(error);
  process.stderr.write(`Could not start: ${message}\n`);
  process.exit(1);
});
