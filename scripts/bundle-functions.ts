// `npm run build`, after tsc: bundles the Azure Functions entries with esbuild into dist/bundle/ (package.json
// "main": "dist/bundle/*.js"), so a cold start loads about 70 files instead of about 500. Code that
// is loaded with await import() (PGlite, the WebSocket bridge, telemetry) goes to dist/bundle/chunks/ and is read
// only when first used. Why and what it gives: docs/architecture.md ("Build"), docs/performance.md ("Cold start").

import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';
import { packageRoot } from '../src/platform/paths.js';

/** The files the host loads: each registers its Functions. */
const ENTRIES = ['http', 'embedding-refresh', 'summary-refresh'];
/** Imported by the entries, never loaded by the host on their own. */
const HELPERS = ['adapter', 'azure-functions', 'runtime'];

/**
 * Left in node_modules: the host's own library (and the worker's virtual module it requires); packages that need
 * files of their own (PGlite's and libpg-query's WASM, ws's optional native addons); and the SDKs the code imports
 * lazily, which would only make the bundle bigger (and two copies of @opentelemetry/api). pino is bundled (about
 * 10 ms less per cold start than its 28 files from node_modules): the logger writes to its own destination
 * (src/platform/logger.ts) and never starts a pino transport, the one part that needs pino's files on disk.
 */
const EXTERNAL = [
  '@azure/functions',
  '@azure/functions-core',
  '@electric-sql/*',
  'libpg-query',
  'ws',
  'openai',
  '@azure/identity',
  '@azure/monitor-opentelemetry',
  '@opentelemetry/*',
  'redis',
];

/**
 * Modules the bundle leaves out because this server never runs them; compiling them cost about 18 ms of every cold
 * start (docs/performance.md, "Cold start"). Each is replaced by a module that says why, and throws if ever called.
 * The tsc build (npm start, the tests) keeps them: only the deployed bundle relies on this list.
 */
const OMITTED: ReadonlyArray<{ specifier: RegExp; importer: RegExp; contents: string; why: string }> = [
  {
    // The SDK converts zod 3 schemas with these; every schema here is zod 4 (objectFromShape, toJsonSchemaCompat).
    specifier: /^zod\/v3$/,
    importer: /@modelcontextprotocol[\\/]sdk[\\/]/,
    contents: 'export function object() { throw new Error(WHY); }',
    why: 'zod 3 schemas are not bundled: every schema of this server is zod 4',
  },
  {
    specifier: /^zod-to-json-schema$/,
    importer: /@modelcontextprotocol[\\/]sdk[\\/]/,
    contents: 'export function zodToJsonSchema() { throw new Error(WHY); }',
    why: 'zod 3 schemas are not bundled: every schema of this server is zod 4',
  },
  {
    // Server's default validator of elicitation answers; createMcpServer passes its own (src/protocol/server.ts).
    specifier: /^\.\.\/validation\/ajv-provider\.js$/,
    importer: /@modelcontextprotocol[\\/]sdk[\\/]dist[\\/]esm[\\/]server[\\/]index\.js$/,
    contents: 'export class AjvJsonSchemaValidator { constructor() { throw new Error(WHY); } }',
    why: 'Ajv is not bundled: pass jsonSchemaValidator to the server (this one sends no elicitation requests)',
  },
  {
    // z.locales: some 50 translations of the error messages. English, the default, zod imports on its own.
    specifier: /^\.\.\/locales\/index\.js$/,
    importer: /[\\/]node_modules[\\/]zod[\\/]v4[\\/]/,
    contents: "export { default as en } from '../locales/en.js';",
    why: 'only the English messages of zod are bundled',
  },
];

function omitUnused(): Plugin {
  return {
    name: 'omit-unused',
    setup(pluginBuild) {
      OMITTED.forEach((omitted, index) => {
        pluginBuild.onResolve({ filter: omitted.specifier }, (args) =>
          omitted.importer.test(args.importer)
            ? { path: args.path, namespace: 'omitted', pluginData: { index, resolveDir: path.dirname(args.importer) } }
            : undefined,
        );
      });
      pluginBuild.onLoad({ filter: /.*/, namespace: 'omitted' }, (args) => {
        const { index, resolveDir } = args.pluginData as { index: number; resolveDir: string };
        const omitted = OMITTED[index] as (typeof OMITTED)[number];
        return { contents: `const WHY = ${JSON.stringify(omitted.why)};\n${omitted.contents}`, resolveDir, loader: 'js' };
      });
    },
  };
}

export async function bundleFunctions(root: string, outdir = path.join(root, 'dist', 'bundle')): Promise<Metafile> {
  const unknown = readdirSync(path.join(root, 'functions'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -3))
    .filter((name) => !ENTRIES.includes(name) && !HELPERS.includes(name));
  if (unknown.length > 0) throw new Error(`functions/${unknown[0]}.ts: add it to ENTRIES or HELPERS in scripts/bundle-functions.ts`);

  rmSync(outdir, { recursive: true, force: true }); // chunk names carry hashes: no stale ones
  const { metafile } = await build({
    absWorkingDir: root,
    entryPoints: [
      ...ENTRIES.map((name) => ({ in: `functions/${name}.ts`, out: name })),
      // The embedded database's worker thread: embedded-host.ts starts it from beside itself (a chunk).
      { in: 'src/data/embedded-worker.ts', out: 'chunks/embedded-worker' },
    ],
    outdir,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    external: EXTERNAL,
    plugins: [omitUnused()],
    // Bundled CommonJS packages call require() for Node's own modules; ESM has no require of its own.
    banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
    metafile: true,
    logLevel: 'warning',
  });
  checkWorkerBesideHost(metafile, outdir, root);
  return metafile;
}

/** The worker is found as ./embedded-worker.js next to the code of embedded-host.ts; fail the build otherwise. */
function checkWorkerBesideHost(metafile: Metafile, outdir: string, root: string): void {
  const host = Object.entries(metafile.outputs).find(([, output]) => 'src/data/embedded-host.ts' in output.inputs)?.[0];
  const expected = path.join(outdir, 'chunks');
  if (!host || path.dirname(path.resolve(root, host)) !== expected) {
    throw new Error(`embedded-host.ts was bundled into ${host ?? 'nothing'}, not into ${expected}: its worker would not be found`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  bundleFunctions(packageRoot()).catch((error: unknown) => {
    process.stderr.write(`bundle failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
