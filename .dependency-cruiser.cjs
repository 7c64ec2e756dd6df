// Import rules, checked by `npm run deps` (part of `npm test`): no cycles, and every layer imports one way only
// (docs/architecture.md). A violation names the rule and the import.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'Import cycles hide layering mistakes.', from: {}, to: { circular: true } },
    {
      name: 'no-azure-functions-in-src',
      severity: 'error',
      comment: 'Only functions/ knows the Azure Functions host; src/ is served by the local host too.',
      from: { path: '^src/' },
      to: { path: '@azure/functions' },
    },
    {
      name: 'platform-imports-no-layer',
      severity: 'error',
      comment: 'src/platform is infrastructure beside the layers and imports none of them.',
      from: { path: '^src/platform/' },
      to: { path: '^src/', pathNot: '^src/platform/' },
    },
    {
      name: 'data-imports-downward-only',
      severity: 'error',
      comment: 'src/data knows nothing of tools, business services, hosts or the composition root.',
      from: { path: '^src/data/' },
      to: { path: '^src/(protocol|analytics|http|app|local|cli|seed|embedding)/' },
    },
    {
      name: 'analytics-knows-no-protocol',
      severity: 'error',
      comment: 'Business services know nothing of MCP, HTTP or the composition root.',
      from: { path: '^src/analytics/' },
      to: { path: '^src/(protocol|http|app|local|cli)/' },
    },
    {
      name: 'protocol-knows-no-host',
      severity: 'error',
      comment: 'The MCP layer is built by the composition root, never the other way round.',
      from: { path: '^src/protocol/' },
      to: { path: '^src/(http|app|local|cli)/' },
    },
    {
      name: 'embedding-pipeline-independent-of-seed',
      severity: 'error',
      comment: 'The seed uses the embedding pipeline; the pipeline must not depend on the seed.',
      from: { path: '^src/embedding/' },
      to: { path: '^src/(seed|protocol|http|app|local|cli)/' },
    },
    {
      name: 'app-knows-no-http',
      severity: 'error',
      comment: 'The composition root builds services; the HTTP handlers receive them.',
      from: { path: '^src/app/' },
      to: { path: '^src/http/' },
    },
    {
      name: 'heavy-packages-load-lazily',
      severity: 'error',
      comment:
        'Cold start (docs/performance.md): these SDKs cost tens to hundreds of ms to import and serve only some ' +
        'configurations, so they are imported with await import() where first used (type-only imports are free).',
      from: { path: '^(src|functions)/' },
      to: {
        path: 'node_modules/(openai|@azure/identity|@azure/monitor-opentelemetry|@opentelemetry/sdk-node|@opentelemetry/exporter-[^/]+|redis|@redis/[^/]+)/',
        dependencyTypesNot: ['type-only', 'type-import', 'dynamic-import'],
      },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing is a typo or a missing dependency.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
