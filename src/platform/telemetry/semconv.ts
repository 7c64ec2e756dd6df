// Names of the spans, attributes and metrics this app emits: OpenTelemetry semantic conventions where they exist
// (MCP, GenAI, database; checked against semantic-conventions 1.45 and semantic-conventions-genai), `zava.*` otherwise.
// Plain constants (no OpenTelemetry import) so every layer can use them at no cost.

/** Attribute keys. Values must never be SQL text, tokens, passwords, connection strings or e-mail addresses. */
export const ATTR = {
  // MCP (semantic-conventions-genai, docs/gen-ai/mcp.md)
  mcpMethodName: 'mcp.method.name',
  mcpProtocolVersion: 'mcp.protocol.version',
  mcpSessionId: 'mcp.session.id',
  mcpResourceUri: 'mcp.resource.uri',
  jsonrpcRequestId: 'jsonrpc.request.id',
  rpcResponseStatusCode: 'rpc.response.status_code',
  genAiOperationName: 'gen_ai.operation.name',
  genAiToolName: 'gen_ai.tool.name',
  genAiPromptName: 'gen_ai.prompt.name',
  genAiRequestModel: 'gen_ai.request.model',
  genAiProviderName: 'gen_ai.provider.name',
  genAiUsageInputTokens: 'gen_ai.usage.input_tokens',
  genAiEmbeddingsDimensionCount: 'gen_ai.embeddings.dimension.count',
  networkTransport: 'network.transport',
  networkProtocolName: 'network.protocol.name',
  errorType: 'error.type',
  // Database (semantic-conventions db spans; never db.query.text or parameters here)
  dbSystemName: 'db.system.name',
  dbOperationName: 'db.operation.name',
  dbNamespace: 'db.namespace',
  dbResponseReturnedRows: 'db.response.returned_rows',
  dbResponseStatusCode: 'db.response.status_code',
  dbConnectionState: 'db.client.connection.state',
  dbConnectionPoolName: 'db.client.connection.pool.name',
  serverAddress: 'server.address',
  serverPort: 'server.port',
  // This app's own (no convention covers them)
  toolOutcome: 'zava.tool.outcome',
  errorCode: 'zava.error.code',
  resultRows: 'zava.result.rows',
  resultBytes: 'zava.result.bytes',
  resultTruncated: 'zava.result.truncated',
  dbRoundTrips: 'zava.db.round_trips',
  sqlFingerprint: 'zava.sql.fingerprint',
  cacheHit: 'zava.cache.hit',
  cacheName: 'zava.cache.name',
  cacheOutcome: 'zava.cache.outcome',
  principalRole: 'zava.principal.role',
  retryOperation: 'zava.retry.operation',
  retryAttempt: 'zava.retry.attempt',
  circuitName: 'zava.circuit.name',
  /** Embeddings call outcome: ok, error (the service failed), refused (the open circuit answered without calling). */
  embeddingsOutcome: 'zava.embeddings.outcome',
  /** How many texts one embeddings call carried (never the texts). */
  embeddingsInputs: 'zava.embeddings.inputs',
  invocationId: 'faas.invocation_id',
} as const;

/** Well-known values. */
export const VALUE = {
  dbSystemPostgresql: 'postgresql',
  genAiExecuteTool: 'execute_tool',
  genAiEmbeddings: 'embeddings',
  genAiProviderAzureOpenAi: 'azure.ai.openai',
  /** gen_ai.provider.name of the in-process lexical embedder (a custom value: no convention covers it). */
  genAiProviderLocal: 'zava.local',
  /** error.type of an embeddings call the open circuit breaker refused. */
  circuitOpen: 'circuit_open',
  outcomeRefused: 'refused',
  networkTcp: 'tcp',
  /** error.type of a CallToolResult with isError: true (MCP conventions). */
  toolError: 'tool_error',
  outcomeOk: 'ok',
  outcomeError: 'error',
  cacheHit: 'hit',
  cacheMiss: 'miss',
  connectionIdle: 'idle',
  connectionUsed: 'used',
} as const;

/** Database operation names used by the data layer (db.operation.name; the span name is `<operation> <namespace>`). */
export const DB_OPERATION = {
  /** One tenant-scope READ ONLY transaction (scope setup, the tool's statements, rollback). */
  scopedRead: 'READ ONLY TRANSACTION',
  /** Owner work: migrations, seeding, embedding writes. */
  ownerTransaction: 'TRANSACTION',
} as const;

/** Span names (low cardinality: tool names come from the registered list, never from the caller's text). */
export const SPAN = {
  /** MCP server span, kind server: `{mcp.method.name} {target}`, target = tool or prompt name when there is one. */
  mcpRequest: (method: string, target?: string): string => (target ? `${method} ${target}` : method),
  /** Tool execution inside the MCP request, kind internal (GenAI execute_tool span). */
  toolCall: (tool: string): string => `execute_tool ${tool}`,
  /** One database transaction, kind client: `{db.operation.name} {db.namespace}` (database conventions). */
  dbTransaction: (operation: string, namespace?: string): string => (namespace ? `${operation} ${namespace}` : operation),
  /** One embeddings request, kind client: `{gen_ai.operation.name} {gen_ai.request.model}` (GenAI conventions). */
  embeddings: (model: string): string => `embeddings ${model}`,
} as const;

/** Metric names. Callers always pass milliseconds to `record`; instruments in seconds convert (see METRICS). */
export const METRIC = {
  /** Histogram, s: every MCP request; tools/call carries gen_ai.tool.name. Recorded once per JSON-RPC request. */
  mcpServerOperationDuration: 'mcp.server.operation.duration',
  /** Counter: tool calls by gen_ai.tool.name and zava.tool.outcome (ok | error) and error.type. */
  toolCalls: 'zava.tool.calls',
  /** Histogram, s: one database transaction or statement, by db.operation.name and error.type. */
  dbClientOperationDuration: 'db.client.operation.duration',
  /** Histogram: rows a query returned. */
  dbClientReturnedRows: 'db.client.response.returned_rows',
  /** Observable: connections by db.client.connection.state (idle | used). */
  dbClientConnectionCount: 'db.client.connection.count',
  /** Observable: callers waiting for a connection (or a concurrency slot). */
  dbClientConnectionPendingRequests: 'db.client.connection.pending_requests',
  /** Observable: the pool's maximum size. */
  dbClientConnectionMax: 'db.client.connection.max',
  /** Counter: cache lookups by zava.cache.name and zava.cache.outcome (hit | miss). */
  cacheLookups: 'zava.cache.lookups',
  /** Histogram, s: one embeddings call (GenAI client conventions), by provider, model, server and error.type. */
  genAiClientOperationDuration: 'gen_ai.client.operation.duration',
  /** Counter: embeddings calls by zava.embeddings.outcome (ok | error | refused) and error.type. */
  embeddingsCalls: 'zava.embeddings.calls',
  /** Counter: retries of transient failures, by zava.retry.operation and error.type. */
  retries: 'zava.retries',
  /** Observable: circuit state by zava.circuit.name: 0 closed, 1 half-open, 2 open. */
  circuitState: 'zava.circuit.state',
  /** Counter: slow queries above SLOW_QUERY_MS, by gen_ai.tool.name. */
  slowQueries: 'zava.db.slow_queries',
} as const;

export type MetricName = (typeof METRIC)[keyof typeof METRIC];
export type InstrumentKind = 'counter' | 'histogram' | 'gauge' | 'updowncounter';

export interface MetricDefinition {
  kind: InstrumentKind;
  unit: string;
  description: string;
  /** Explicit histogram bucket boundaries, in the instrument's unit. */
  buckets?: number[];
}

/** Duration buckets the MCP conventions recommend (seconds). */
const SECONDS_BUCKETS = [0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300];

/** The catalog of instruments: created once, at start, from this table. */
export const METRICS: Record<MetricName, MetricDefinition> = {
  [METRIC.mcpServerOperationDuration]: {
    kind: 'histogram',
    unit: 's',
    description: 'Duration of an MCP request as seen by the server.',
    buckets: SECONDS_BUCKETS,
  },
  [METRIC.toolCalls]: { kind: 'counter', unit: '{call}', description: 'Tool calls by tool and outcome.' },
  [METRIC.dbClientOperationDuration]: {
    kind: 'histogram',
    unit: 's',
    description: 'Duration of a database transaction or statement.',
    buckets: SECONDS_BUCKETS,
  },
  [METRIC.dbClientReturnedRows]: {
    kind: 'histogram',
    unit: '{row}',
    description: 'Rows returned by a database query.',
    buckets: [0, 1, 10, 100, 1000, 10_000],
  },
  [METRIC.dbClientConnectionCount]: { kind: 'updowncounter', unit: '{connection}', description: 'Pool connections by state.' },
  [METRIC.dbClientConnectionPendingRequests]: {
    kind: 'updowncounter',
    unit: '{request}',
    description: 'Callers waiting for a pool connection or a concurrency slot.',
  },
  [METRIC.dbClientConnectionMax]: { kind: 'updowncounter', unit: '{connection}', description: 'Maximum connections the pool may open.' },
  [METRIC.cacheLookups]: { kind: 'counter', unit: '{lookup}', description: 'Cache lookups by cache and outcome (hit, miss).' },
  [METRIC.genAiClientOperationDuration]: {
    kind: 'histogram',
    unit: 's',
    description: 'Duration of an embeddings request.',
    buckets: SECONDS_BUCKETS,
  },
  [METRIC.embeddingsCalls]: { kind: 'counter', unit: '{call}', description: 'Embeddings calls by outcome (ok, error, refused).' },
  [METRIC.retries]: { kind: 'counter', unit: '{retry}', description: 'Retries of transient failures.' },
  [METRIC.circuitState]: { kind: 'gauge', unit: '1', description: 'Circuit breaker state: 0 closed, 1 half-open, 2 open.' },
  [METRIC.slowQueries]: { kind: 'counter', unit: '{query}', description: 'Queries slower than SLOW_QUERY_MS.' },
};
