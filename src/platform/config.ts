// Configuration: read once from the environment, validated, and documented in one place (docs/configuration.md).
// A bad value fails fast with the variable's name and what it should look like.

import { z } from 'zod';
import { ConfigurationError } from './errors.js';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const schema = z.object({
  DATABASE_URL: z.string().url().optional(),
  DATABASE_OWNER_URL: z.string().url().optional(),
  DATABASE_BRIDGE: z.enum(['auto', 'on', 'off']).default('auto'),
  DB_POOL_MAX: int(1, 100).default(10),
  // Resilience (docs/configuration.md#resilience): serverless-sane pool, per-transaction settings, read retries.
  DB_POOL_IDLE_TIMEOUT_MS: int(0, 600_000).default(10_000),
  DB_CONNECT_TIMEOUT_MS: int(100, 120_000).default(5_000),
  DB_APPLICATION_NAME: z
    .string()
    .regex(/^[A-Za-z0-9 _.:-]{1,63}$/, 'letters, digits, space, _ . : - (at most 63)')
    .default('zava-mcp'),
  DB_JIT: bool.default(false),
  DB_WORK_MEM: z
    .string()
    .regex(/^[1-9][0-9]{0,6}(kB|MB|GB)$/, 'a size such as 16MB')
    .default('16MB'),
  DB_RETRY_MAX: int(0, 100).default(25),
  DB_RETRY_DEADLINE_MS: int(0, 120_000).default(10_000),
  DB_RETRY_INITIAL_BACKOFF_MS: int(1, 10_000).default(100),
  DB_RETRY_MAX_BACKOFF_MS: int(1, 30_000).default(1_000),
  PGLITE_DATA_DIR: z.string().min(1).default('.data/pglite'),
  STATEMENT_TIMEOUT_MS: int(100, 120_000).default(5000),
  MAX_ROWS_DEFAULT: int(1, 10_000).default(100),
  MAX_ROWS_LIMIT: int(1, 10_000).default(1000),
  MAX_RESULT_BYTES: int(1024, 10_000_000).default(100_000),
  MAX_QUERY_LENGTH: int(100, 1_000_000).default(20_000),
  MAX_CONCURRENT_QUERIES: int(1, 1000).default(8),
  QUEUE_TIMEOUT_MS: int(0, 120_000).default(10_000),
  /** Deadline of one MCP request (all its tool work); its signal reaches services and the embedder. */
  REQUEST_TIMEOUT_MS: int(100, 600_000).default(30_000),
  SLOW_QUERY_MS: int(1, 600_000).default(1000),

  AUTH_MODE: z.enum(['dev', 'entra']).optional(),
  AUTH_TENANT_ID: z.string().optional(),
  AUTH_AUDIENCE: z.string().optional(),
  AUTH_ISSUER: z.string().url().optional(),
  AUTH_JWKS_URI: z.string().url().optional(),
  AUTH_REQUIRED_SCOPE: z.string().default('Sales.Read'),
  AUTH_ALGORITHMS: z.string().default('RS256'),
  DEV_ISSUER_KEY_FILE: z.string().default('.data/dev-issuer.json'),
  PUBLIC_BASE_URL: z.string().url().optional(),

  EMBEDDINGS_PROVIDER: z.enum(['local', 'azure-openai']).default('local'),
  EMBEDDING_DIMENSIONS: int(1, 4096).default(1536),
  AZURE_OPENAI_ENDPOINT: z.string().url().optional(),
  AZURE_OPENAI_EMBEDDING_DEPLOYMENT: z.string().default('text-embedding-3-small'),
  AZURE_OPENAI_API_VERSION: z.string().default('2024-10-21'),
  AZURE_OPENAI_API_KEY: z.string().optional(),
  EMBEDDINGS_TIMEOUT_MS: int(100, 120_000).default(10_000),
  EMBEDDINGS_BREAKER_FAILURES: int(1, 1000).default(5),
  EMBEDDINGS_BREAKER_OPEN_MS: int(100, 3_600_000).default(30_000),
  EMBEDDING_REFRESH_ENABLED: bool.default(false),
  // The sales summaries' timer (functions/summary-refresh.ts): off by default, like the embedding refresh.
  SUMMARY_REFRESH_ENABLED: bool.default(false),

  // Cache (docs/configuration.md#cache). The URL's password never appears in errors or logs.
  REDIS_URL: z
    .string()
    .refine((v) => /^rediss?:\/\//i.test(v) && URL.canParse(v), { message: 'must be a redis:// or rediss:// URL' })
    .optional(),
  /** How long a cacheable tool answer is kept, unless the tool sets its own TTL. */
  CACHE_TTL_SECONDS: int(0, 86_400).default(300),
  REDIS_TIMEOUT_MS: int(5, 10_000).default(150),
  CACHE_MAX_ENTRIES: int(1, 1_000_000).default(1000),

  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** Graceful shutdown: how long calls in flight may finish before the pool closes. */
  SHUTDOWN_TIMEOUT_MS: int(0, 120_000).default(10_000),
  // Telemetry (docs/telemetry.md): off unless one of the exporters is configured. The other OTEL_* variables
  // (headers, protocol, timeouts, intervals) are read by the OpenTelemetry exporters themselves.
  APPLICATIONINSIGHTS_CONNECTION_STRING: z.string().min(1).optional(),
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: z.string().min(1).optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.string().url().optional(),
  OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: z.string().url().optional(),
  OTEL_SERVICE_NAME: z.string().min(1).default('zava-retail-mcp'),
  OTEL_SDK_DISABLED: bool.default(false),
  PORT: int(0, 65535).default(7071),
});

export type Env = z.infer<typeof schema>;

export interface Config extends Env {
  /** True when running inside Azure App Service / Functions (the platform sets WEBSITE_INSTANCE_ID). */
  runningInAzure: boolean;
  authMode: 'dev' | 'entra';
}

/**
 * Who reads the configuration. 'serve' (the server, the default) enforces what serving needs; 'owner-cli' (migrate,
 * seed, login, embed) skips the serving requirements (Entra settings, AZURE_OPENAI_ENDPOINT, Azure-only settings):
 * these run from a laptop with only the owner's URL, before `azd up` has created anything. An owner CLI that does
 * need embeddings still gets a clear error from createEmbedder.
 */
export type ConfigPurpose = 'serve' | 'owner-cli';

/** Parses and validates configuration from an environment map (process.env by default). */
export function loadConfig(env: Record<string, string | undefined> = process.env, purpose: ConfigPurpose = 'serve'): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigurationError(`Invalid configuration: ${problems}`, {
      nextStep: 'Fix the named environment variables (see docs/configuration.md).',
    });
  }
  const values = parsed.data;
  const runningInAzure = Boolean(env.WEBSITE_INSTANCE_ID || env.WEBSITE_SITE_NAME);
  const authMode = values.AUTH_MODE ?? (runningInAzure ? 'entra' : 'dev');
  if (purpose === 'owner-cli') return { ...values, runningInAzure, authMode };
  if (runningInAzure && authMode === 'dev') {
    throw new ConfigurationError('AUTH_MODE=dev is refused when running in Azure.', {
      nextStep: 'Set AUTH_MODE=entra with AUTH_TENANT_ID and AUTH_AUDIENCE.',
    });
  }
  if (authMode === 'entra') {
    if (!values.AUTH_AUDIENCE) throw missing('AUTH_AUDIENCE', 'the Application ID URI or client id of the API app registration');
    if (!values.AUTH_TENANT_ID && !(values.AUTH_ISSUER && values.AUTH_JWKS_URI)) {
      throw missing('AUTH_TENANT_ID', 'the Entra tenant id (or set both AUTH_ISSUER and AUTH_JWKS_URI)');
    }
  }
  if (runningInAzure && !values.DATABASE_URL) throw missing('DATABASE_URL', 'a postgresql:// connection string (Key Vault reference)');
  // The timers write (vectors, sales summaries): owner work, which the runtime login cannot do.
  const writers = [
    values.EMBEDDING_REFRESH_ENABLED ? 'the embedding refresh writes vectors' : undefined,
    values.SUMMARY_REFRESH_ENABLED ? 'the summary refresh rewrites the sales summaries' : undefined,
  ].filter((writer) => writer !== undefined);
  if (runningInAzure && writers.length > 0 && !values.DATABASE_OWNER_URL) {
    throw missing('DATABASE_OWNER_URL', `the owner's postgresql:// connection string: ${writers.join(' and ')}, which the runtime login cannot`);
  }
  if (values.EMBEDDINGS_PROVIDER === 'azure-openai' && !values.AZURE_OPENAI_ENDPOINT) {
    throw missing('AZURE_OPENAI_ENDPOINT', 'https://<resource>.openai.azure.com/');
  }
  if (values.MAX_ROWS_DEFAULT > values.MAX_ROWS_LIMIT) {
    throw new ConfigurationError('MAX_ROWS_DEFAULT must not exceed MAX_ROWS_LIMIT.');
  }
  return { ...values, runningInAzure, authMode };
}

function missing(name: string, shape: string): ConfigurationError {
  return new ConfigurationError(`${name} is required in this mode.`, { nextStep: `Set ${name} to ${shape}.` });
}
