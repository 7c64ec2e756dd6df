// Deployment checks: every .bicep file parses with the real Bicep grammar (tree-sitter-bicep), and .funcignore,
// azure.yaml, bicep/main.parameters.json, the module wiring and the app settings agree with each other and with
// what the app's configuration requires in Azure. No Bicep CLI or azd is needed (neither installs offline).

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Language, type Node, Parser } from 'web-tree-sitter';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/platform/config.js';
import { ConfigurationError } from '../../src/platform/errors.js';
import { packageRoot } from '../../src/platform/paths.js';

const ROOT = packageRoot();
const read = (rel: string): string => readFileSync(path.join(ROOT, rel), 'utf8');

let parser: Parser;

beforeAll(async () => {
  await Parser.init();
  const bicep = await Language.load(path.join(ROOT, 'node_modules/tree-sitter-bicep/tree-sitter-bicep.wasm'));
  parser = new Parser();
  parser.setLanguage(bicep);
});

function parse(source: string): Node {
  const tree = parser.parse(source);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree.rootNode;
}

/** ERROR and MISSING nodes, as "line:column text" (empty means the file is grammatical Bicep). */
function syntaxProblems(root: Node): string[] {
  const problems: string[] = [];
  const visit = (node: Node): void => {
    if (node.isError || node.isMissing) {
      const where = `${node.startPosition.row + 1}:${node.startPosition.column + 1}`;
      problems.push(`${where} ${node.isMissing ? `missing ${node.type}` : `unexpected ${JSON.stringify(node.text.slice(0, 40))}`}`);
    }
    for (const child of node.children) if (child) visit(child);
  };
  visit(root);
  return problems;
}

function bicepFiles(dir = 'bicep'): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const rel = path.join(dir, name);
    if (statSync(path.join(ROOT, rel)).isDirectory()) return bicepFiles(rel);
    return name.endsWith('.bicep') ? [rel] : [];
  });
}

function named(node: Node): Node[] {
  return node.namedChildren.filter((c): c is Node => c !== null);
}

function descendants(node: Node, type: string): Node[] {
  const found: Node[] = [];
  const visit = (n: Node): void => {
    if (n.type === type) found.push(n);
    for (const c of named(n)) visit(c);
  };
  visit(node);
  return found;
}

/** The value of a plain string literal ('abc', no interpolation), else undefined. */
function literal(node: Node | undefined): string | undefined {
  if (node?.type !== 'string') return undefined;
  const parts = named(node);
  if (parts.some((p) => p.type !== 'string_content' && p.type !== 'escape_sequence')) return undefined;
  return node.text.slice(1, -1);
}

interface ParamDecl {
  name: string;
  type: string;
  hasDefault: boolean;
  secure: boolean;
}

function params(root: Node): Map<string, ParamDecl> {
  const out = new Map<string, ParamDecl>();
  for (const decl of named(root).filter((n) => n.type === 'parameter_declaration')) {
    const [id, type, defaultValue] = named(decl);
    if (!id || !type) throw new Error(`malformed parameter: ${decl.text}`);
    const decorators = decl.previousNamedSibling?.type === 'decorators' ? decl.previousNamedSibling.text : '';
    out.set(id.text, { name: id.text, type: type.text, hasDefault: defaultValue !== undefined, secure: /@secure\(\)/.test(decorators) });
  }
  return out;
}

/** Properties of an object node as key -> value node (first level only). */
function properties(object: Node): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const prop of named(object).filter((n) => n.type === 'object_property')) {
    const [key, value] = named(prop);
    if (key && value) out.set(literal(key) ?? key.text, value);
  }
  return out;
}

interface ModuleUse {
  symbol: string;
  file: string;
  conditional: boolean;
  params: Map<string, Node>;
}

function modules(root: Node, fromFile: string): ModuleUse[] {
  return named(root)
    .filter((n) => n.type === 'module_declaration')
    .map((decl) => {
      const [id, pathNode, body] = named(decl);
      const modulePath = literal(pathNode);
      if (!id || !modulePath || !body) throw new Error(`malformed module: ${decl.text.slice(0, 80)}`);
      const object = body.type === 'if_statement' ? named(body).find((n) => n.type === 'object') : body;
      if (!object) throw new Error(`module ${id.text} has no body`);
      const paramsNode = properties(object).get('params');
      return {
        symbol: id.text,
        file: path.join(path.dirname(fromFile), modulePath),
        conditional: body.type === 'if_statement',
        params: paramsNode ? properties(paramsNode) : new Map(),
      };
    });
}

/** App setting names are UPPER_SNAKE or Functions host keys (AzureWebJobsStorage__x); other Bicep keys are camelCase. */
const SETTING_NAME = /^(?:[A-Z][A-Z0-9_]*|AzureWebJobs\w+__\w+)$/;

/** Every app setting the templates can write, with its literal value when it is one. */
function appSettings(...roots: Node[]): Map<string, { literal?: string; value: Node }> {
  const out = new Map<string, { literal?: string; value: Node }>();
  for (const root of roots) {
    for (const prop of descendants(root, 'object_property')) {
      const [key, value] = named(prop);
      if (!key || !value || !SETTING_NAME.test(key.text)) continue;
      const text = literal(value);
      out.set(key.text, text === undefined ? { value } : { literal: text, value });
    }
  }
  return out;
}

// A minimal .funcignore (gitignore syntax) matcher for the patterns this project uses: globs with * ? **,
// a trailing / for directories, a leading or inner / to anchor. Negations are refused by a test below.
function ignoreMatcher(contents: string): (relPath: string) => boolean {
  const rules = contents
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((pattern) => {
      const dirOnly = pattern.endsWith('/');
      const body = pattern.replace(/^\//, '').replace(/\/$/, '');
      const anchored = pattern.replace(/\/$/, '').includes('/');
      const glob = body
        .split('**')
        .map((part) =>
          part
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '[^/]*')
            .replace(/\?/g, '[^/]'),
        )
        .join('.*');
      return { regex: new RegExp(`^${anchored ? '' : '(?:.*/)?'}${glob}$`), dirOnly };
    });
  return (relPath) => {
    const segments = relPath.split('/');
    return segments.some((_, i) => {
      const prefix = segments.slice(0, i + 1).join('/');
      const isDir = i < segments.length - 1;
      return rules.some((r) => (!r.dirOnly || isDir) && r.regex.test(prefix));
    });
  };
}

/** `key: value` pairs of a YAML block, by indentation (enough for azure.yaml's few scalar keys). */
function yamlBlock(text: string, pathKeys: string[]): Map<string, string> {
  let lines = text.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  let indent = -1;
  for (const key of pathKeys) {
    const start = lines.findIndex((l) => l.trim() === `${key}:` && l.search(/\S/) > indent);
    if (start < 0) return new Map();
    indent = lines[start]?.search(/\S/) ?? 0;
    const end = lines.findIndex((l, i) => i > start && l.search(/\S/) <= indent);
    lines = lines.slice(start + 1, end < 0 ? undefined : end);
  }
  const childIndent = Math.min(...lines.map((l) => l.search(/\S/)));
  const out = new Map<string, string>();
  for (const line of lines.filter((l) => l.search(/\S/) === childIndent)) {
    const match = /^\s*([\w-]+):\s*(.*?)\s*$/.exec(line);
    if (match?.[1]) out.set(match[1], (match[2] ?? '').replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1'));
  }
  return out;
}

function semver(v: string): [number, number, number] {
  const m = /(\d+)\.(\d+)\.(\d+)/.exec(v);
  if (!m) throw new Error(`not a version: ${v}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}
const atLeast = (a: [number, number, number], b: [number, number, number]): boolean =>
  a[0] !== b[0] ? a[0] > b[0] : a[1] !== b[1] ? a[1] > b[1] : a[2] >= b[2];

describe('Bicep grammar', () => {
  it('parses every .bicep file without ERROR or MISSING nodes', () => {
    const files = bicepFiles();
    expect(files).toContain(path.join('bicep', 'main.bicep'));
    expect(files.length).toBeGreaterThanOrEqual(7);
    for (const file of files) expect({ file, problems: syntaxProblems(parse(read(file))) }).toEqual({ file, problems: [] });
  });

  it('reports broken Bicep (the check above can fail)', () => {
    const unclosed = "resource kv 'Microsoft.KeyVault/vaults@2023-07-01' = {\n  name: 'kv'\n  properties: {\n    tenantId: 'x'\n";
    expect(syntaxProblems(parse(unclosed)).length).toBeGreaterThan(0);
    expect(syntaxProblems(parse("var settings = {\n  A: 'a'\n  B 'b'\n}\n")).length).toBeGreaterThan(0);
    expect(syntaxProblems(parse('var list = [1, 2\n')).some((p) => p.includes('missing'))).toBe(true);
    expect(syntaxProblems(parse("param ok string = 'fine'\nvar x = ok.?y ?? 'z'\n"))).toEqual([]);
  });
});

describe('main.bicep, its modules and main.parameters.json', () => {
  const load = () => {
    const main = parse(read('bicep/main.bicep'));
    const declared = params(main);
    const file = JSON.parse(read('bicep/main.parameters.json')) as { parameters: Record<string, { value?: unknown }> };
    return { main, declared, supplied: file.parameters };
  };

  it('declares every parameter the parameters file supplies, and the file supplies every required parameter', () => {
    const { declared, supplied } = load();
    expect(Object.keys(supplied).filter((name) => !declared.has(name))).toEqual([]);
    const required = [...declared.values()].filter((p) => !p.hasDefault).map((p) => p.name);
    expect(required).toEqual(expect.arrayContaining(['environmentName', 'location', 'databaseUrl', 'authAudience']));
    expect(required.filter((name) => !(name in supplied))).toEqual([]);
  });

  it('maps each parameter to one azd environment variable ($NAME in braces, optionally =default)', () => {
    const { declared, supplied } = load();
    for (const [name, entry] of Object.entries(supplied)) {
      const value = String(entry.value);
      // A whole-string reference; defaults without spaces or braces (envsubst stops at them).
      expect({ name, value, ok: /^\$\{[A-Z][A-Z0-9_]*(?:=[^\s{}]+)?\}$/.test(value) }).toEqual({ name, value, ok: true });
      const param = declared.get(name);
      const fallback = /=([^}]+)\}$/.exec(value)?.[1];
      if (param?.type === 'bool' && fallback !== undefined) expect(['true', 'false']).toContain(fallback);
      if (param?.type === 'int' && fallback !== undefined) expect(fallback).toMatch(/^\d+$/);
    }
  });

  it('keeps the optional settings as parameters, so a re-provision keeps them', () => {
    const { declared, supplied } = load();
    const envVar = (param: string) => /^\$\{([A-Z0-9_]+)/.exec(String(supplied[param]?.value))?.[1];
    const expected: Record<string, string> = {
      databaseOwnerUrl: 'DATABASE_OWNER_URL',
      embeddingRefreshEnabled: 'EMBEDDING_REFRESH_ENABLED',
      summaryRefreshEnabled: 'SUMMARY_REFRESH_ENABLED',
      summaryRefreshSchedule: 'SUMMARY_REFRESH_SCHEDULE',
      redisUrl: 'REDIS_URL',
      cacheTtlSeconds: 'CACHE_TTL_SECONDS',
      otelExporterOtlpEndpoint: 'OTEL_EXPORTER_OTLP_ENDPOINT',
      slowQueryMs: 'SLOW_QUERY_MS',
      dbPoolMax: 'DB_POOL_MAX',
    };
    for (const [param, variable] of Object.entries(expected)) {
      expect({ param, declared: declared.has(param), variable: envVar(param) }).toEqual({ param, declared: true, variable });
    }
  });

  it('takes every secret as a @secure() parameter, and deploy.md sets each with azd env set-secret', () => {
    const { declared, supplied } = load();
    const secrets = ['databaseUrl', 'databaseOwnerUrl', 'redisUrl'];
    for (const name of secrets) expect({ name, secure: declared.get(name)?.secure }).toEqual({ name, secure: true });
    const deployDoc = read('docs/deploy.md');
    for (const name of secrets) {
      const variable = /^\$\{([A-Z0-9_]+)/.exec(String(supplied[name]?.value))?.[1] ?? '';
      // Never the plain-text form, which would leave the secret in .azure/<env>/.env.
      const plain = new RegExp(`azd env set ${variable}\\b`).test(deployDoc);
      expect({ variable, setSecret: deployDoc.includes(`azd env set-secret ${variable}`), plain }).toEqual({
        variable,
        setSecret: true,
        plain: false,
      });
    }
  });

  it('passes each module only parameters it declares, and every parameter it requires', () => {
    const { main } = load();
    const uses = modules(main, 'bicep/main.bicep');
    expect(uses.map((m) => m.symbol)).toEqual(expect.arrayContaining(['identity', 'keyVault', 'openAi', 'functionApp']));
    for (const use of uses) {
      const declared = params(parse(read(use.file)));
      const given = [...use.params.keys()];
      expect({ module: use.file, unknown: given.filter((p) => !declared.has(p)) }).toEqual({ module: use.file, unknown: [] });
      const missing = [...declared.values()].filter((p) => !p.hasDefault && !use.params.has(p.name)).map((p) => p.name);
      expect({ module: use.file, missing }).toEqual({ module: use.file, missing: [] });
    }
  });

  it('reads a conditional module only through a safe dereference (no BCP318)', () => {
    const { main } = load();
    const conditional = new Set(
      modules(main, 'bicep/main.bicep')
        .filter((m) => m.conditional)
        .map((m) => m.symbol),
    );
    expect(conditional.has('openAi')).toBe(true);
    const unsafe = descendants(main, 'member_expression').filter((expr) => {
      const [object] = named(expr);
      return object?.type === 'identifier' && conditional.has(object.text) && expr.children[1]?.type === '.';
    });
    expect(unsafe.map((e) => e.text)).toEqual([]);
  });

  it('pins the embeddings model version and never lets the platform upgrade it', () => {
    const openAi = parse(read('bicep/modules/openai.bicep'));
    const options = descendants(openAi, 'object_property').filter((p) => named(p)[0]?.text === 'versionUpgradeOption');
    expect(options.map((p) => literal(named(p)[1]))).toEqual(['NoAutoUpgrade']);
    const model = descendants(openAi, 'object_property').find((p) => named(p)[0]?.text === 'model');
    const version = model && named(model)[1] ? properties(named(model)[1] as Node).get('version') : undefined;
    expect(version?.text).toBe('modelVersion');
    const { main } = load();
    const use = modules(main, 'bicep/main.bicep').find((m) => m.symbol === 'openAi');
    expect(use?.params.get('modelVersion')?.text).toBe('embeddingModelVersion');
    expect(params(main).get('embeddingModelVersion')?.hasDefault).toBe(true);
  });
});

describe('app settings written by the Bicep', () => {
  const collect = () => {
    const main = parse(read('bicep/main.bicep'));
    const functionApp = parse(read('bicep/modules/functionapp.bicep'));
    return { main, functionApp, settings: appSettings(main, functionApp), declared: params(main) };
  };

  // What the platform puts behind the non-literal values (Key Vault references resolve to the secret).
  const SAMPLES: Record<string, string> = {
    DATABASE_URL: 'postgresql://zava_app:pw@ep-x-pooler.eastus2.azure.neon.tech/neondb?sslmode=require',
    DATABASE_OWNER_URL: 'postgresql://neondb_owner:pw@ep-x.eastus2.azure.neon.tech/neondb?sslmode=require',
    REDIS_URL: 'rediss://:pw@zava.redis.cache.windows.net:6380/0',
    DB_POOL_MAX: '10',
    SLOW_QUERY_MS: '1000',
    CACHE_TTL_SECONDS: '300',
    OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.example.com:4318',
    AZURE_OPENAI_ENDPOINT: 'https://oai-abc.openai.azure.com/',
    AZURE_OPENAI_EMBEDDING_DEPLOYMENT: 'text-embedding-3-small',
    AZURE_OPENAI_API_VERSION: '2024-10-21',
    AZURE_CLIENT_ID: '00000000-0000-0000-0000-000000000001',
    AUTH_TENANT_ID: '00000000-0000-0000-0000-000000000002',
    AUTH_AUDIENCE: 'api://00000000-0000-0000-0000-000000000003,00000000-0000-0000-0000-000000000003',
    AUTH_REQUIRED_SCOPE: 'Sales.Read',
    EMBEDDING_REFRESH_ENABLED: 'false',
    EMBEDDING_REFRESH_SCHEDULE: '0 0 3 * * *',
    SUMMARY_REFRESH_ENABLED: 'false',
    SUMMARY_REFRESH_SCHEDULE: '0 30 2 * * *',
    PUBLIC_BASE_URL: 'https://func-abc.azurewebsites.net',
    APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=00000000-0000-0000-0000-000000000004',
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=00000000-0000-0000-0000-000000000001;Authorization=AAD',
    AzureWebJobsStorage__accountName: 'stabc',
    AzureWebJobsStorage__clientId: '00000000-0000-0000-0000-000000000001',
  };

  /** The environment the app sees in Azure: every setting the Bicep can write, plus what the platform adds. */
  const azureEnv = (settings: ReturnType<typeof appSettings>, overrides: Record<string, string> = {}) => {
    const env: Record<string, string> = { WEBSITE_INSTANCE_ID: 'instance-1', WEBSITE_SITE_NAME: 'func-abc' };
    for (const [name, setting] of settings) {
      const value = setting.literal ?? SAMPLES[name];
      if (value === undefined) throw new Error(`no sample value for app setting ${name}: add one to SAMPLES`);
      env[name] = value;
    }
    return { ...env, ...overrides };
  };

  it('sets everything the app requires in Azure: the served configuration loads', () => {
    const { settings } = collect();
    for (const name of ['DATABASE_URL', 'AUTH_MODE', 'AUTH_TENANT_ID', 'AUTH_AUDIENCE', 'EMBEDDINGS_PROVIDER', 'AZURE_OPENAI_ENDPOINT']) {
      expect({ name, set: settings.has(name) }).toEqual({ name, set: true });
    }
    const config = loadConfig(azureEnv(settings));
    expect(config.runningInAzure).toBe(true);
    expect(config.authMode).toBe('entra');
    expect(config.EMBEDDINGS_PROVIDER).toBe('azure-openai');
    // With the refresh on, the owner URL the Bicep can also write is what the app then requires.
    expect(loadConfig(azureEnv(settings, { EMBEDDING_REFRESH_ENABLED: 'true' })).EMBEDDING_REFRESH_ENABLED).toBe(true);
    expect(loadConfig(azureEnv(settings, { SUMMARY_REFRESH_ENABLED: 'true' })).SUMMARY_REFRESH_ENABLED).toBe(true);
    // Without the owner URL a timer that writes is refused in Azure, naming the setting.
    const { DATABASE_OWNER_URL: _owner, ...withoutOwner } = azureEnv(settings, { SUMMARY_REFRESH_ENABLED: 'true' });
    expect(() => loadConfig(withoutOwner)).toThrow(/DATABASE_OWNER_URL/);
    // The same check fails when a required setting is missing (so the check above means something).
    const { AUTH_AUDIENCE: _dropped, ...withoutAudience } = azureEnv(settings);
    expect(() => loadConfig(withoutAudience)).toThrow(ConfigurationError);
  });

  it('writes the optional settings, and booleans as lowercase true/false (string() would give True)', () => {
    const { settings, declared } = collect();
    for (const name of [
      'DATABASE_OWNER_URL',
      'REDIS_URL',
      'CACHE_TTL_SECONDS',
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'SLOW_QUERY_MS',
      'DB_POOL_MAX',
      'EMBEDDING_REFRESH_ENABLED',
      'SUMMARY_REFRESH_ENABLED',
    ]) {
      expect({ name, set: settings.has(name) }).toEqual({ name, set: true });
    }
    for (const [name, setting] of settings) {
      for (const call of [setting.value, ...descendants(setting.value, 'call_expression')].filter((n) => n.type === 'call_expression')) {
        const [fn, args] = named(call);
        const arg = args ? named(args)[0] : undefined;
        if (fn?.text === 'string' && arg?.type === 'identifier')
          expect({ name, type: declared.get(arg.text)?.type }).not.toEqual({ name, type: 'bool' });
      }
    }
    for (const name of ['EMBEDDING_REFRESH_ENABLED', 'SUMMARY_REFRESH_ENABLED']) {
      const refresh = settings.get(name)?.value;
      expect({ name, literals: refresh && descendants(refresh, 'string').map((s) => literal(s)) }).toEqual({ name, literals: ['true', 'false'] });
    }
  });

  it('leaves out the settings Flex Consumption rejects and NODE_ENV (the remote build needs devDependencies)', () => {
    const { settings } = collect();
    const forbidden = [
      'FUNCTIONS_WORKER_RUNTIME',
      'FUNCTIONS_EXTENSION_VERSION',
      'WEBSITE_RUN_FROM_PACKAGE',
      'SCM_DO_BUILD_DURING_DEPLOYMENT',
      'NODE_ENV',
    ];
    expect(forbidden.filter((name) => settings.has(name))).toEqual([]);
    expect(read('bicep/modules/functionapp.bicep')).not.toMatch(/NODE_ENV|WEBSITE_CONTENT/);
  });
});

describe('owner CLIs need only the owner URL', () => {
  it("loads the owner CLIs' configuration without the serving settings", () => {
    // A laptop shell before `azd up`: the owner URL, and perhaps leftovers that only the server needs.
    const env = {
      DATABASE_OWNER_URL: 'postgresql://neondb_owner:pw@ep-x.eastus2.azure.neon.tech/neondb?sslmode=require',
      EMBEDDINGS_PROVIDER: 'azure-openai',
      AUTH_MODE: 'entra',
    };
    expect(loadConfig(env, 'owner-cli').DATABASE_OWNER_URL).toBe(env.DATABASE_OWNER_URL);
    // The server still insists.
    expect(() => loadConfig(env)).toThrow(/AUTH_AUDIENCE/);
    expect(() => loadConfig({ ...env, AUTH_MODE: 'dev' })).toThrow(/AZURE_OPENAI_ENDPOINT/);
    // Malformed values are still refused for the CLIs.
    expect(() => loadConfig({ DATABASE_OWNER_URL: 'not a url' }, 'owner-cli')).toThrow(ConfigurationError);
  });

  it('opens the CLI target with the owner-cli configuration', () => {
    expect(read('src/cli/cli-target.ts')).toMatch(/loadConfig\(process\.env, 'owner-cli'\)/);
  });
});

describe('packaging: .funcignore, azure.yaml and the remote build', () => {
  const funcignore = read('.funcignore');
  const ignored = ignoreMatcher(funcignore);

  it('leaves node_modules and local build output out, and uses no negations', () => {
    for (const p of [
      'node_modules/zod/package.json',
      'dist/functions/http.js',
      'test/unit/x.test.ts',
      'bench/run.ts',
      '.data/pglite/base',
      'local.settings.json',
      'docs/deploy.md',
      'bicep/main.bicep',
    ]) {
      expect({ p, ignored: ignored(p) }).toEqual({ p, ignored: true });
    }
    expect(funcignore.split(/\r?\n/).filter((l) => l.trim().startsWith('!'))).toEqual([]);
  });

  it('ships what the remote build and the host need: both tsconfig files, sources, SQL, the lock file', () => {
    const shipped = [
      'tsconfig.json',
      'tsconfig.build.json',
      'package.json',
      'package-lock.json',
      'host.json',
      'functions/http.ts',
      'scripts/bundle-functions.ts',
      'src/platform/config.ts',
      'sql/001_schema.sql',
    ];
    for (const p of shipped) expect({ p, ignored: ignored(p) }).toEqual({ p, ignored: false });
    // The matcher itself: a tsconfig* pattern would hit both files.
    expect(ignoreMatcher('tsconfig*.json\n')('tsconfig.build.json')).toBe(true);
  });

  it('compiles functions/, src/ and the bundler with tsconfig.build.json, bundles the entries, and imports nothing the zip leaves out', () => {
    const pkg = JSON.parse(read('package.json')) as {
      main: string;
      scripts: Record<string, string>;
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    // tsc, then esbuild bundles functions/ into dist/bundle/, which is what the host loads.
    expect(pkg.scripts.build).toBe('tsc -p tsconfig.build.json && node dist/scripts/bundle-functions.js');
    expect(pkg.main).toBe('dist/bundle/*.js');
    // Oryx runs a full `npm install` (devDependencies included) before `npm run build`.
    const all = { ...pkg.dependencies, ...pkg.devDependencies };
    for (const name of ['typescript', '@types/node', '@azure/functions', 'esbuild']) expect(all[name]).toBeDefined();
    const build = JSON.parse(read('tsconfig.build.json')) as { extends?: string; include: string[] };
    expect(build.extends).toBe('./tsconfig.json');
    expect(build.include).toEqual(expect.arrayContaining(['functions', 'src', 'scripts']));
    const base = JSON.parse(read('tsconfig.json')) as { compilerOptions: { outDir: string; rootDir: string } };
    expect([base.compilerOptions.outDir, base.compilerOptions.rootDir]).toEqual(['dist', '.']);

    const sources = (dir: string): string[] =>
      readdirSync(path.join(ROOT, dir)).flatMap((name) => {
        const rel = `${dir}/${name}`;
        return statSync(path.join(ROOT, rel)).isDirectory() ? sources(rel) : rel.endsWith('.ts') ? [rel] : [];
      });
    const leaks: string[] = [];
    for (const file of [...sources('functions'), ...sources('src'), ...sources('scripts')]) {
      for (const match of read(file).matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), match[1] ?? ''));
        if (target.startsWith('..') || ignored(target)) leaks.push(`${file} -> ${target}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('azure.yaml: remote build for the function service, an azd version that honours it, the Bicep entry point', () => {
    const yaml = read('azure.yaml');
    const api = yamlBlock(yaml, ['services', 'api']);
    expect(Object.fromEntries(api)).toMatchObject({ project: '.', language: 'ts', host: 'function', remoteBuild: 'true' });
    const required = yamlBlock(yaml, ['requiredVersions']).get('azd') ?? '';
    expect(required).toMatch(/^>=\s*\d+\.\d+\.\d+$/);
    // 1.23.12: remoteBuild checked against .funcignore on Flex Consumption (earlier versions mis-handle it).
    expect(atLeast(semver(required), [1, 23, 12])).toBe(true);
    const infra = yamlBlock(yaml, ['infra']);
    expect(statSync(path.join(ROOT, infra.get('path') ?? '', `${infra.get('module')}.bicep`)).isFile()).toBe(true);
    // The tag azd finds the app by.
    expect(read('bicep/main.bicep')).toMatch(/serviceName: 'api'/);
  });
});
