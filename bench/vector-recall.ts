// Vector index benchmark: HNSW vs the reference's IVFFlat (lists 100, probes 1) on synthetic 1536-dimension
// embeddings, recall@10 against exact search plus client and server latency, all through the app's driver path
// (Neon serverless Pool over the local WebSocket bridge).
//
//   npm run build && node dist/bench/vector-recall.js --vectors 100000 --queries 200 --dims 1536
//   node dist/bench/vector-recall.js --vectors 5000 --queries 50          # quick run
//
// Needs a PostgreSQL with pgvector >= 0.8 and a superuser URL (CREATE DATABASE / CREATE EXTENSION): by default
// postgresql://postgres@127.0.0.1:5432/zava_bench (created if missing; override with --url or
// VECTOR_BENCH_DATABASE_URL). The data stay in schema vbench so `--reuse` can skip the load next time; indexes are
// dropped after use. Writes bench/results/vector-recall.json and prints a markdown table.

import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { PoolClient } from '@neondatabase/serverless';
import { openPool, type OpenPool } from '../src/data/connect.js';
import { SHAPES, SyntheticEmbeddings, type ShapeName } from './vector-data.js';

// ---------------------------------------------------------------------------------------------------------------
// Options

interface Options {
  url: string;
  vectors: number;
  queries: number;
  dims: number;
  clusters: number;
  categories: number;
  seed: number;
  shape: ShapeName;
  batch: number;
  ivfLists: number;
  probes: number[];
  hnsw: { m: number; efConstruction: number }[];
  efSearch: number[];
  /** The settings the product uses (docs/search.md): always measured, and checked against the target. */
  product: { m: number; efConstruction: number; efSearch: number };
  targetRecall: number;
  tenants: number;
  filteredQueries: number;
  explainExact: number;
  repeat: number;
  buildWorkers: number;
  maintenanceWorkMem: string;
  reuse: boolean;
  out: string;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: 'string' },
      vectors: { type: 'string', default: '100000' },
      queries: { type: 'string', default: '200' },
      dims: { type: 'string', default: '1536' },
      clusters: { type: 'string' },
      categories: { type: 'string' },
      seed: { type: 'string', default: '42' },
      shape: { type: 'string', default: 'clustered' },
      batch: { type: 'string', default: '1000' },
      'ivf-lists': { type: 'string', default: '100' },
      probes: { type: 'string', default: '1,10' },
      hnsw: { type: 'string', default: '16:64,16:128' },
      'ef-search': { type: 'string', default: '40,100,200' },
      product: { type: 'string', default: '16:64:100' },
      'target-recall': { type: 'string', default: '0.95' },
      tenants: { type: 'string', default: '20' },
      'filtered-queries': { type: 'string', default: '100' },
      'explain-exact': { type: 'string', default: '20' },
      repeat: { type: 'string', default: '3' },
      'build-workers': { type: 'string', default: String(Math.max(0, Math.min(7, os.cpus().length - 1))) },
      'maintenance-work-mem': { type: 'string', default: '2GB' },
      reuse: { type: 'boolean', default: false },
      out: { type: 'string', default: path.join(ROOT, 'bench/results/vector-recall.json') },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(
      [
        'node dist/bench/vector-recall.js [--vectors 100000] [--queries 200] [--dims 1536] [--clusters 500]',
        '  [--categories 50] [--seed 42] [--shape clustered|separated|diffuse] [--ivf-lists 100] [--probes 1,10] [--hnsw 16:64,16:128]',
        '  [--ef-search 40,100,200] [--product m:ef_construction:ef_search=16:64:100] [--target-recall 0.95] [--tenants 20] [--filtered-queries 100]',
        '  [--explain-exact 20] [--repeat 3] [--build-workers N] [--maintenance-work-mem 2GB] [--reuse] [--url postgresql://...] [--out file.json]',
        '',
      ].join('\n'),
    );
    process.exit(0);
  }
  const int = (name: string, v: string | undefined, min: number): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}`);
    return n;
  };
  const list = (name: string, v: string): number[] => v.split(',').map((x) => int(name, x.trim(), 1));
  const vectors = int('vectors', values.vectors, 100);
  const clusters = values.clusters ? int('clusters', values.clusters, 1) : Math.max(10, Math.min(500, Math.round(vectors / 200)));
  const categories = values.categories ? int('categories', values.categories, 1) : Math.max(1, Math.round(clusters / 10));
  const memory = values['maintenance-work-mem'];
  if (!/^\d+\s*(kB|MB|GB)$/.test(memory)) throw new Error('--maintenance-work-mem must look like 2GB or 512MB');
  const shape = values.shape;
  if (!Object.hasOwn(SHAPES, shape)) throw new Error(`--shape must be one of ${Object.keys(SHAPES).join(', ')}`);
  const target = Number(values['target-recall']);
  if (!(target > 0 && target <= 1)) throw new Error('--target-recall must be in (0, 1]');
  const [pm, pefc, pef] = values.product.split(':');
  const product = { m: int('product m', pm, 2), efConstruction: int('product ef_construction', pefc, 4), efSearch: int('product ef_search', pef, 1) };
  const hnsw = values.hnsw.split(',').map((pair) => {
    const [m, ef] = pair.split(':');
    return { m: int('hnsw m', m, 2), efConstruction: int('hnsw ef_construction', ef, 4) };
  });
  if (!hnsw.some((h) => h.m === product.m && h.efConstruction === product.efConstruction)) {
    hnsw.unshift({ m: product.m, efConstruction: product.efConstruction });
  }
  const efSearch = list('ef-search', values['ef-search']);
  if (!efSearch.includes(product.efSearch)) efSearch.push(product.efSearch);
  return {
    url: values.url ?? process.env.VECTOR_BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/zava_bench',
    vectors,
    queries: int('queries', values.queries, 1),
    dims: int('dims', values.dims, 2),
    clusters,
    categories,
    seed: int('seed', values.seed, 0),
    shape: shape as ShapeName,
    batch: int('batch', values.batch, 1),
    ivfLists: int('ivf-lists', values['ivf-lists'], 1),
    probes: list('probes', values.probes),
    hnsw,
    efSearch,
    product,
    targetRecall: target,
    tenants: int('tenants', values.tenants, 1),
    filteredQueries: int('filtered-queries', values['filtered-queries'], 0),
    explainExact: int('explain-exact', values['explain-exact'], 0),
    repeat: int('repeat', values.repeat, 1),
    buildWorkers: int('build-workers', values['build-workers'], 0),
    maintenanceWorkMem: memory.replace(/\s+/g, ''),
    reuse: values.reuse,
    out: path.resolve(values.out),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Measurement helpers

interface Query {
  index: number;
  literal: string;
  cluster: number;
  tenant: number;
}

interface Hit {
  id: number;
  distance: number;
}

interface Latency {
  p50: number;
  p95: number;
  mean: number;
  max: number;
  n: number;
}

interface RunResult {
  recallAt10: number;
  /** Lower end of the 95% confidence interval of the mean recall over the queries (normal approximation). */
  recallCi95Low: number;
  minRecall: number;
  /** Mean rows returned (a filtered index scan may return fewer than 10). */
  meanRows: number;
  clientMs: Latency;
  serverMs: Latency;
  planningMs: Latency;
  /** Mean shared buffers touched (hit + read) per query, from EXPLAIN (ANALYZE, BUFFERS). */
  meanBuffers: number;
  /** Plan node used, e.g. "Index Scan using vbench_items_hnsw" or "Seq Scan"; anything but the intended plan is flagged. */
  plan: string;
  usedIndex: boolean;
}

const now = () => Number(process.hrtime.bigint()) / 1e6;
const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

function latency(samples: number[]): Latency {
  if (samples.length === 0) return { p50: NaN, p95: NaN, mean: NaN, max: NaN, n: 0 };
  const s = [...samples].sort((a, b) => a - b);
  const pick = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] as number;
  return {
    p50: round(pick(0.5)),
    p95: round(pick(0.95)),
    mean: round(s.reduce((a, b) => a + b, 0) / s.length),
    max: round(s[s.length - 1] as number),
    n: s.length,
  };
}

function log(message: string): void {
  process.stderr.write(`[vector-bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

const SEARCH_SQL = `SELECT id, embedding <=> $1::vector AS distance FROM vbench.items ORDER BY embedding <=> $1::vector LIMIT 10`;
const FILTERED_SQL = `SELECT id, embedding <=> $1::vector AS distance FROM vbench.items WHERE tenant = $2 ORDER BY embedding <=> $1::vector LIMIT 10`;

interface PlanNode {
  'Node Type'?: string;
  'Index Name'?: string;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

function describePlan(node: PlanNode): { scans: string[] } {
  const scans: string[] = [];
  const walk = (n: PlanNode) => {
    const type = n['Node Type'] ?? '?';
    if (type.includes('Scan')) scans.push(n['Index Name'] ? `${type} using ${n['Index Name']}` : type);
    for (const child of n.Plans ?? []) walk(child);
  };
  walk(node);
  return { scans };
}

async function runQueries(
  client: PoolClient,
  queries: Query[],
  opts: { filtered: boolean; explain: number; warmup: number; repeat: number; expectIndex: string | null },
): Promise<{ hits: Hit[][]; clientMs: number[]; serverMs: number[]; planningMs: number[]; buffers: number[]; plans: Set<string> }> {
  const sql = opts.filtered ? FILTERED_SQL : SEARCH_SQL;
  const params = (q: Query) => (opts.filtered ? [q.literal, q.tenant] : [q.literal]);
  for (const q of queries.slice(0, opts.warmup)) await client.query(sql, params(q));
  // Each query runs `repeat` times in separate passes and keeps its fastest time: the machine is shared, and the
  // minimum filters out time lost to other processes (recall comes from the first pass; results are deterministic).
  const hits: Hit[][] = [];
  const clientMs: number[] = [];
  for (let pass = 0; pass < opts.repeat; pass++) {
    for (const [i, q] of queries.entries()) {
      const t0 = now();
      const result = await client.query<{ id: number; distance: number }>(sql, params(q));
      const elapsed = now() - t0;
      clientMs[i] = Math.min(clientMs[i] ?? Infinity, elapsed);
      if (pass === 0) hits.push(result.rows.map((r) => ({ id: Number(r.id), distance: Number(r.distance) })));
    }
  }
  const serverMs: number[] = [];
  const planningMs: number[] = [];
  const buffers: number[] = [];
  const plans = new Set<string>();
  for (let pass = 0; pass < opts.repeat; pass++) {
    for (const [i, q] of queries.slice(0, opts.explain).entries()) {
      const result = await client.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, params(q));
      const raw = result.rows[0]?.['QUERY PLAN'];
      const parsed = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: PlanNode; 'Execution Time': number; 'Planning Time': number }[];
      const top = parsed[0];
      if (!top) throw new Error('EXPLAIN returned no plan');
      if (top['Execution Time'] < (serverMs[i] ?? Infinity)) {
        serverMs[i] = top['Execution Time'];
        planningMs[i] = top['Planning Time'];
      }
      if (pass === 0) buffers.push((top.Plan['Shared Hit Blocks'] ?? 0) + (top.Plan['Shared Read Blocks'] ?? 0));
      for (const scan of describePlan(top.Plan).scans) plans.add(scan);
    }
  }
  return { hits, clientMs, serverMs, planningMs, buffers, plans };
}

function recall(truth: Hit[][], got: Hit[][]): { mean: number; ci95Low: number; min: number; meanRows: number } {
  const perQuery = truth.map((t, i) => {
    const g = new Set((got[i] ?? []).map((h) => h.id));
    return t.length === 0 ? 1 : t.filter((h) => g.has(h.id)).length / t.length;
  });
  const n = perQuery.length;
  const mean = perQuery.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(perQuery.reduce((a, r) => a + (r - mean) ** 2, 0) / (n - 1)) : 0;
  const rows = got.reduce((a, g) => a + g.length, 0);
  return {
    mean: round(mean, 4),
    ci95Low: round(mean - (1.96 * sd) / Math.sqrt(n), 4),
    min: round(Math.min(...perQuery), 4),
    meanRows: round(rows / n, 2),
  };
}

async function measure(
  client: PoolClient,
  queries: Query[],
  truth: Hit[][],
  opts: { filtered: boolean; expectIndex: string | null; repeat: number },
): Promise<RunResult> {
  const run = await runQueries(client, queries, { ...opts, explain: queries.length, warmup: queries.length });
  const r = recall(truth, run.hits);
  const plan = [...run.plans].join('; ');
  const usedIndex = opts.expectIndex !== null && [...run.plans].every((p) => p.includes(opts.expectIndex as string));
  if (opts.expectIndex && !usedIndex) log(`WARNING: expected ${opts.expectIndex} but the plan was: ${plan}`);
  return {
    recallAt10: r.mean,
    recallCi95Low: r.ci95Low,
    minRecall: r.min,
    meanRows: r.meanRows,
    clientMs: latency(run.clientMs),
    serverMs: latency(run.serverMs),
    planningMs: latency(run.planningMs),
    meanBuffers: round(run.buffers.reduce((a, b) => a + b, 0) / Math.max(1, run.buffers.length), 1),
    plan,
    usedIndex,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Database setup and load

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function ensureDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Unsupported benchmark database name ${name}`);
  const admin = await openPool({ kind: 'url', url: withDatabase(url, 'postgres'), bridge: 'auto', poolMax: 1 });
  try {
    const exists = await admin.pool.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      log(`creating database ${name}`);
      await admin.pool.query(`CREATE DATABASE ${name}`);
    }
  } finally {
    await admin.close();
  }
}

interface LoadInfo {
  reused: boolean;
  seconds: number;
  generateSeconds: number;
  vectorsPerSecond: number;
  tableBytes: number;
}

async function loadData(db: OpenPool, opts: Options, model: SyntheticEmbeddings): Promise<LoadInfo> {
  const spec = {
    vectors: opts.vectors,
    dims: opts.dims,
    clusters: opts.clusters,
    categories: opts.categories,
    seed: opts.seed,
    shape: opts.shape,
    tenants: opts.tenants,
    generator: 2,
  };
  const tableBytes = async () => Number((await db.pool.query(`SELECT pg_total_relation_size('vbench.items') AS b`)).rows[0].b);
  if (opts.reuse) {
    const meta = await db.pool.query(`SELECT to_regclass('vbench.meta') IS NOT NULL AND to_regclass('vbench.items') IS NOT NULL AS ok`);
    if (meta.rows[0].ok) {
      const row = await db.pool.query(`SELECT spec, (SELECT count(*) FROM vbench.items)::int AS n FROM vbench.meta`);
      // jsonb reorders keys: compare with sorted keys.
      const canonical = (o: object) => JSON.stringify(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
      if (row.rows[0] && canonical(row.rows[0].spec as object) === canonical(spec) && row.rows[0].n === opts.vectors) {
        log(`reusing ${opts.vectors} vectors already in vbench.items`);
        return { reused: true, seconds: 0, generateSeconds: 0, vectorsPerSecond: 0, tableBytes: await tableBytes() };
      }
    }
    log('no matching data to reuse: loading');
  }
  await db.pool.query('DROP SCHEMA IF EXISTS vbench CASCADE');
  await db.pool.query('CREATE SCHEMA vbench');
  await db.pool.query(
    `CREATE TABLE vbench.items (id integer PRIMARY KEY, cluster integer NOT NULL, tenant integer NOT NULL, embedding vector(${opts.dims}) NOT NULL)`,
  );
  await db.pool.query(`CREATE TABLE vbench.meta (spec jsonb NOT NULL)`);

  const insert = `INSERT INTO vbench.items (id, cluster, tenant, embedding)
    SELECT i, c, i % ${opts.tenants}, e::vector FROM unnest($1::int[], $2::int[], $3::text[]) AS t(i, c, e)`;
  const stream = model.stream(0);
  const inflight = new Set<Promise<unknown>>();
  let failure: unknown;
  let generateMs = 0;
  const t0 = now();
  let lastLog = t0;
  for (let start = 0; start < opts.vectors; start += opts.batch) {
    const g0 = now();
    const ids: number[] = [];
    const clusters: number[] = [];
    const literals: string[] = [];
    for (let id = start; id < Math.min(opts.vectors, start + opts.batch); id++) {
      const v = stream.next();
      ids.push(id);
      clusters.push(v.cluster);
      literals.push(v.literal);
    }
    generateMs += now() - g0;
    const p: Promise<unknown> = db.pool.query(insert, [ids, clusters, literals]).then(
      () => inflight.delete(p),
      (error: unknown) => {
        failure ??= error;
        inflight.delete(p);
      },
    );
    inflight.add(p);
    // Two batches in flight: the server parses one while the client generates the next.
    while (inflight.size >= 2) await Promise.race(inflight);
    if (failure) throw failure;
    if (now() - lastLog > 15000) {
      lastLog = now();
      log(`loaded ${start + ids.length}/${opts.vectors} vectors`);
    }
  }
  await Promise.all(inflight);
  if (failure) throw failure;
  const seconds = (now() - t0) / 1000;
  await db.pool.query('VACUUM (ANALYZE) vbench.items');
  await db.pool.query('INSERT INTO vbench.meta (spec) VALUES ($1)', [JSON.stringify(spec)]);
  return {
    reused: false,
    seconds: round(seconds, 1),
    generateSeconds: round(generateMs / 1000, 1),
    vectorsPerSecond: Math.round(opts.vectors / seconds),
    tableBytes: await tableBytes(),
  };
}

async function buildIndex(db: OpenPool, opts: Options, name: string, sql: string): Promise<{ seconds: number; bytes: number; notices: string[] }> {
  const client = await db.pool.connect();
  const notices: string[] = [];
  const onNotice = (n: { message?: string }) => notices.push(n.message ?? String(n));
  let progress: NodeJS.Timeout | undefined;
  try {
    await client.query(`SET maintenance_work_mem = '${opts.maintenanceWorkMem}'`);
    await client.query(`SET max_parallel_maintenance_workers = ${opts.buildWorkers}`);
    await client.query(`DROP INDEX IF EXISTS vbench.${name}`);
    await client.query('CHECKPOINT');
    client.on('notice', onNotice);
    // Long builds: report pgvector's progress phase every 30 s from another connection.
    progress = setInterval(() => {
      db.pool
        .query(`SELECT phase, tuples_done, tuples_total FROM pg_stat_progress_create_index WHERE relid = 'vbench.items'::regclass`)
        .then((r) => {
          const row = r.rows[0] as { phase: string; tuples_done: number; tuples_total: number } | undefined;
          if (row) log(`building ${name}: ${row.phase} (${row.tuples_done}/${row.tuples_total} tuples)`);
        })
        .catch(() => undefined);
    }, 30000);
    const t0 = now();
    await client.query(sql);
    const seconds = (now() - t0) / 1000;
    const bytes = Number((await client.query(`SELECT pg_relation_size('vbench.${name}') AS b`)).rows[0].b);
    for (const n of notices) log(`notice: ${n}`);
    return { seconds: round(seconds, 1), bytes, notices };
  } finally {
    if (progress) clearInterval(progress);
    client.removeListener('notice', onNotice);
    client.release();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Main

interface IndexResult<K extends string> {
  settings: Record<string, number>;
  buildSeconds: number;
  indexBytes: number;
  notices: string[];
  runs: (Record<K, number> & RunResult)[];
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  const started = new Date();
  const startLoad = os.loadavg().map((x) => round(x, 2));
  log(
    `${opts.vectors} vectors x ${opts.dims} dims, ${opts.queries} queries, ${opts.shape} shape, ${opts.clusters} clusters in ${opts.categories} categories, seed ${opts.seed}`,
  );
  await ensureDatabase(opts.url);
  const db = await openPool({ kind: 'url', url: opts.url, bridge: 'auto', poolMax: 4 });
  try {
    await db.pool.query('CREATE EXTENSION IF NOT EXISTS vector');
    const env = (
      await db.pool.query(`SELECT version() AS postgres, (SELECT extversion FROM pg_extension WHERE extname = 'vector') AS pgvector,
        current_setting('shared_buffers') AS shared_buffers, current_setting('max_parallel_workers_per_gather') AS parallel_gather,
        current_setting('work_mem') AS work_mem`)
    ).rows[0] as Record<string, string>;
    const [major, minor] = String(env.pgvector).split('.').map(Number);
    const iterative = (major ?? 0) > 0 || (minor ?? 0) >= 8;

    const model = new SyntheticEmbeddings(
      { dims: opts.dims, clusters: opts.clusters, categories: opts.categories, seed: opts.seed },
      SHAPES[opts.shape],
    );
    const load = await loadData(db, opts, model);
    if (!load.reused) log(`loaded in ${load.seconds}s (${load.vectorsPerSecond} vectors/s, of which ${load.generateSeconds}s generating)`);
    await db.pool.query('DROP INDEX IF EXISTS vbench.items_ivfflat, vbench.items_hnsw');

    const queryStream = model.stream(1);
    const queries: Query[] = [];
    for (let i = 0; i < opts.queries; i++) {
      const v = queryStream.next();
      queries.push({ index: i, literal: v.literal, cluster: v.cluster, tenant: i % opts.tenants });
    }
    const filteredQueries = queries.slice(0, Math.min(opts.filteredQueries, opts.queries));

    const client = await db.pool.connect();
    try {
      // 1. Exact search: no index exists, and index scans are off anyway.
      await client.query('SET enable_indexscan = off');
      log('exact search (ground truth)');
      const exactRun = await runQueries(client, queries, { filtered: false, explain: opts.explainExact, warmup: 2, repeat: 1, expectIndex: null });
      const truth = exactRun.hits;
      const exact = {
        clientMs: latency(exactRun.clientMs),
        serverMs: latency(exactRun.serverMs),
        plan: [...exactRun.plans].join('; '),
      };
      const filteredExactRun =
        filteredQueries.length > 0
          ? await runQueries(client, filteredQueries, {
              filtered: true,
              explain: Math.min(opts.explainExact, filteredQueries.length),
              warmup: 1,
              repeat: 1,
              expectIndex: null,
            })
          : undefined;
      const filteredTruth = filteredExactRun?.hits ?? [];
      await client.query('RESET enable_indexscan');
      const similarity = (rank: number) => round(truth.reduce((a, t) => a + (1 - (t[rank]?.distance ?? 1)), 0) / truth.length, 3);
      const sameCluster = (
        await client.query(
          `SELECT avg(1 - (i.embedding <=> q.e::vector))::float8 AS s FROM unnest($1::text[], $2::int[]) AS q(e, c)
             CROSS JOIN LATERAL (SELECT embedding FROM vbench.items WHERE cluster = q.c ORDER BY id LIMIT 50) i`,
          [queries.slice(0, 20).map((q) => q.literal), queries.slice(0, 20).map((q) => q.cluster)],
        )
      ).rows[0].s as number;
      const randomPairs = (
        await client.query(
          `SELECT avg(1 - (i.embedding <=> q.e::vector))::float8 AS s FROM unnest($1::text[]) AS q(e)
             CROSS JOIN LATERAL (SELECT embedding FROM vbench.items WHERE id % 997 = 0) i`,
          [queries.slice(0, 20).map((q) => q.literal)],
        )
      ).rows[0].s as number;
      const truthIds = [...new Set(truth.flat().map((h) => h.id))];
      const clusterOf = new Map<number, number>(
        (await client.query(`SELECT id, cluster FROM vbench.items WHERE id = ANY($1::int[])`, [truthIds])).rows.map(
          (r: { id: number; cluster: number }) => [Number(r.id), Number(r.cluster)] as [number, number],
        ),
      );
      const ownCluster =
        truth.reduce((a, t, q) => a + t.filter((h) => clusterOf.get(h.id) === queries[q]?.cluster).length / Math.max(1, t.length), 0) / truth.length;
      const dataStats = {
        top10InQueryCluster: round(ownCluster, 3),
        top1Similarity: similarity(0),
        top10Similarity: similarity(9),
        sameClusterSimilarity: round(sameCluster, 3),
        randomPairSimilarity: round(randomPairs, 3),
      };
      log(`exact: client p50 ${exact.clientMs.p50} ms; data ${JSON.stringify(dataStats)}`);

      // 2. IVFFlat, the reference's settings (lists 100, probes 1) and more probes.
      log(`IVFFlat lists=${opts.ivfLists}: building`);
      const ivfBuild = await buildIndex(
        db,
        opts,
        'items_ivfflat',
        `CREATE INDEX items_ivfflat ON vbench.items USING ivfflat (embedding vector_cosine_ops) WITH (lists = ${opts.ivfLists})`,
      );
      log(`IVFFlat built in ${ivfBuild.seconds}s`);
      const ivfflat: IndexResult<'probes'> = {
        settings: { lists: opts.ivfLists },
        buildSeconds: ivfBuild.seconds,
        indexBytes: ivfBuild.bytes,
        notices: ivfBuild.notices,
        runs: [],
      };
      for (const probes of opts.probes) {
        await client.query(`SET ivfflat.probes = ${probes}`);
        const r = await measure(client, queries, truth, { filtered: false, expectIndex: 'items_ivfflat', repeat: opts.repeat });
        ivfflat.runs.push({ probes, ...r });
        log(`IVFFlat probes=${probes}: recall@10 ${r.recallAt10}, server p50 ${r.serverMs.p50} ms`);
      }
      await client.query('RESET ivfflat.probes');
      await db.pool.query('DROP INDEX vbench.items_ivfflat');

      // 3. HNSW at each build setting, with a sweep of ef_search (extended up to 1000 if the target is not met).
      const hnsw: (IndexResult<'efSearch'> & { filtered: ({ efSearch: number; iterativeScan: string } & RunResult)[] })[] = [];
      for (const { m, efConstruction } of opts.hnsw) {
        log(`HNSW m=${m} ef_construction=${efConstruction}: building`);
        const build = await buildIndex(
          db,
          opts,
          'items_hnsw',
          `CREATE INDEX items_hnsw ON vbench.items USING hnsw (embedding vector_cosine_ops) WITH (m = ${m}, ef_construction = ${efConstruction})`,
        );
        log(`HNSW built in ${build.seconds}s`);
        const result: (typeof hnsw)[number] = {
          settings: { m, efConstruction },
          buildSeconds: build.seconds,
          indexBytes: build.bytes,
          notices: build.notices,
          runs: [],
          filtered: [],
        };
        const sweep = [...opts.efSearch].sort((a, b) => a - b);
        for (let i = 0; i < sweep.length; i++) {
          const efSearch = sweep[i] as number;
          await client.query(`SET hnsw.ef_search = ${efSearch}`);
          const r = await measure(client, queries, truth, { filtered: false, expectIndex: 'items_hnsw', repeat: opts.repeat });
          result.runs.push({ efSearch, ...r });
          log(`HNSW m=${m} efc=${efConstruction} ef_search=${efSearch}: recall@10 ${r.recallAt10}, server p50 ${r.serverMs.p50} ms`);
          if (i === sweep.length - 1 && r.recallCi95Low < opts.targetRecall && efSearch < 1000) sweep.push(Math.min(1000, efSearch * 2));
        }
        // Filtered search (tenant = one of `tenants` values) at the product's ef_search.
        if (filteredQueries.length > 0) {
          const efSearch = opts.product.efSearch;
          await client.query(`SET hnsw.ef_search = ${efSearch}`);
          await client.query('SET enable_seqscan = off'); // measure the index path even where the planner would scan
          for (const mode of iterative ? ['off', 'strict_order', 'relaxed_order'] : ['off']) {
            if (iterative) await client.query(`SET hnsw.iterative_scan = ${mode}`);
            const r = await measure(client, filteredQueries, filteredTruth, { filtered: true, expectIndex: 'items_hnsw', repeat: opts.repeat });
            result.filtered.push({ efSearch, iterativeScan: mode, ...r });
            log(
              `HNSW filtered (1/${opts.tenants} of rows) ef_search=${efSearch} iterative_scan=${mode}: recall@10 ${r.recallAt10}, rows ${r.meanRows}`,
            );
          }
          if (iterative) await client.query('RESET hnsw.iterative_scan');
          await client.query('RESET enable_seqscan');
        }
        await client.query('RESET hnsw.ef_search');
        await db.pool.query('DROP INDEX vbench.items_hnsw');
        hnsw.push(result);
      }

      // 4. Recommendation: among HNSW settings whose recall meets the target with 95% confidence (the lower end of
      //    the interval, not just the mean, is >= target): the cheapest build (ef_construction, then m: build time
      //    and insert cost grow with both), then the smallest ef_search on it (the work per query; latencies on a
      //    shared machine are too noisy to rank on). The reference's IVFFlat (probes 1) is reported next to it.
      const candidates = hnsw.flatMap((h) =>
        h.runs
          .filter((r) => r.recallCi95Low >= opts.targetRecall && r.usedIndex)
          .map((r) => ({ m: h.settings.m as number, efConstruction: h.settings.efConstruction as number, buildSeconds: h.buildSeconds, ...r })),
      );
      candidates.sort((a, b) => a.efConstruction - b.efConstruction || a.m - b.m || a.efSearch - b.efSearch);
      const best = candidates[0];
      const minimumMeetingTarget = best
        ? {
            m: best.m,
            efConstruction: best.efConstruction,
            efSearch: best.efSearch,
            recallAt10: best.recallAt10,
            recallCi95Low: best.recallCi95Low,
            serverMs: best.serverMs,
            clientMs: best.clientMs,
          }
        : null;
      const productBuild = hnsw.find((h) => h.settings.m === opts.product.m && h.settings.efConstruction === opts.product.efConstruction);
      const productRun = productBuild?.runs.find((r) => r.efSearch === opts.product.efSearch);
      const productFiltered = productBuild?.filtered.find((f) => f.iterativeScan === 'relaxed_order');
      const product = productRun
        ? {
            ...opts.product,
            recallAt10: productRun.recallAt10,
            recallCi95Low: productRun.recallCi95Low,
            meetsTarget: productRun.recallCi95Low >= opts.targetRecall && productRun.usedIndex,
            buildSeconds: productBuild?.buildSeconds,
            serverMs: productRun.serverMs,
            clientMs: productRun.clientMs,
            filteredRelaxedOrderRecallAt10: productFiltered?.recallAt10 ?? null,
          }
        : null;
      const recommendation = { product, minimumMeetingTarget };

      const report = {
        benchmark: 'vector-recall',
        startedAt: started.toISOString(),
        finishedAt: new Date().toISOString(),
        targetRecallAt10: opts.targetRecall,
        environment: {
          node: process.version,
          cpus: os.cpus().length,
          memoryGiB: round(os.totalmem() / 2 ** 30, 1),
          loadAverageAtStart: startLoad,
          loadAverageAtEnd: os.loadavg().map((x) => round(x, 2)),
          latencyMethod: `fastest of ${opts.repeat} passes per query (exact search: 1 pass)`,
          postgres: String(env.postgres),
          pgvector: String(env.pgvector),
          sharedBuffers: env.shared_buffers,
          workMem: env.work_mem,
          maxParallelWorkersPerGather: env.parallel_gather,
          maintenanceWorkMem: opts.maintenanceWorkMem,
          maxParallelMaintenanceWorkers: opts.buildWorkers,
          driver: `@neondatabase/serverless Pool, ${db.description}`,
        },
        data: {
          vectors: opts.vectors,
          queries: opts.queries,
          filteredQueries: filteredQueries.length,
          tenants: opts.tenants,
          dims: opts.dims,
          clusters: opts.clusters,
          categories: opts.categories,
          seed: opts.seed,
          shape: opts.shape,
          shapeParameters: SHAPES[opts.shape],
          generator:
            'bench/vector-data.ts: clustered (categories > clusters), power-law spectrum, shared mean, isotropic noise, L2-normalised; queries held out',
          stats: dataStats,
          load,
        },
        exact,
        ivfflat,
        hnsw,
        recommendation,
      };
      await mkdir(path.dirname(opts.out), { recursive: true });
      await writeFile(opts.out, `${JSON.stringify(report, null, 2)}\n`);
      process.stdout.write(renderMarkdown(report));
      log(`wrote ${path.relative(process.cwd(), opts.out) || opts.out}`);
    } finally {
      client.release();
    }
  } finally {
    await db.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Report

function mb(bytes: number): string {
  return `${Math.round(bytes / 2 ** 20)} MB`;
}

function renderMarkdown(report: {
  targetRecallAt10: number;
  data: {
    vectors: number;
    dims: number;
    queries: number;
    filteredQueries: number;
    tenants: number;
    shape: string;
    clusters: number;
    stats: Record<string, number>;
    load: LoadInfo;
  };
  exact: { clientMs: Latency; serverMs: Latency };
  ivfflat: IndexResult<'probes'>;
  hnsw: (IndexResult<'efSearch'> & { filtered: ({ efSearch: number; iterativeScan: string } & RunResult)[] })[];
  recommendation: {
    product: { m: number; efConstruction: number; efSearch: number; recallAt10: number; recallCi95Low: number; meetsTarget: boolean } | null;
    minimumMeetingTarget: { m: number; efConstruction: number; efSearch: number } | null;
  };
  environment: { pgvector: string; cpus: number };
}): string {
  const { product, minimumMeetingTarget: min } = report.recommendation;
  const lines: string[] = [];
  const ms = (l: Latency) => `${l.p50.toFixed(1)} / ${l.p95.toFixed(1)}`;
  const rc = (r: RunResult) => `${r.recallAt10.toFixed(3)} (${r.recallCi95Low.toFixed(3)})`;
  lines.push(
    `## Vector search: ${report.data.vectors.toLocaleString('en-US')} x ${report.data.dims} vectors (\`${report.data.shape}\`, ${report.data.clusters} clusters), ${report.data.queries} held-out queries (pgvector ${report.environment.pgvector}, ${report.environment.cpus} CPUs)`,
    '',
    report.data.load.reused
      ? '_Data reused from a previous run (`--reuse`)._'
      : `Load: ${report.data.load.seconds} s (${report.data.load.vectorsPerSecond} vectors/s through the driver), table ${mb(report.data.load.tableBytes)}.`,
    '',
    '| Method | Index build | Build time | Index size | Query setting | Recall@10 (95% CI low) | Client p50 / p95 (ms) | Server p50 / p95 (ms) |',
    '| --- | --- | ---: | ---: | --- | ---: | ---: | ---: |',
    `| Exact (seq scan) | none | – | – | – | 1.000 | ${ms(report.exact.clientMs)} | ${ms(report.exact.serverMs)} |`,
  );
  for (const r of report.ivfflat.runs) {
    const reference = r.probes === 1 && report.ivfflat.settings.lists === 100 ? ' **(reference)**' : '';
    lines.push(
      `| IVFFlat${reference} | lists=${report.ivfflat.settings.lists} | ${report.ivfflat.buildSeconds} s | ${mb(report.ivfflat.indexBytes)} | probes=${r.probes} | ${rc(r)} | ${ms(r.clientMs)} | ${ms(r.serverMs)} |`,
    );
  }
  for (const h of report.hnsw) {
    for (const r of h.runs) {
      const is = (x: { m: number; efConstruction: number; efSearch: number } | null) =>
        x !== null && x.m === h.settings.m && x.efConstruction === h.settings.efConstruction && x.efSearch === r.efSearch;
      const chosen = [is(product) ? '**(product)**' : '', is(min) ? '(min. for target)' : ''].filter(Boolean).join(' ');

      lines.push(
        `| HNSW${chosen ? ` ${chosen}` : ''} | m=${h.settings.m}, ef_construction=${h.settings.efConstruction} | ${h.buildSeconds} s | ${mb(h.indexBytes)} | ef_search=${r.efSearch} | ${rc(r)} | ${ms(r.clientMs)} | ${ms(r.serverMs)} |`,
      );
    }
  }
  const filtered = report.hnsw.flatMap((h) => h.filtered.map((f) => ({ h, f })));
  if (filtered.length > 0) {
    lines.push(
      '',
      `Filtered search (\`WHERE tenant = $2\`, 1/${report.data.tenants} of the rows, ${report.data.filteredQueries} queries, index scan forced):`,
      '',
      '| HNSW build | ef_search | hnsw.iterative_scan | Recall@10 (95% CI low) | Rows returned | Server p50 / p95 (ms) |',
      '| --- | ---: | --- | ---: | ---: | ---: |',
    );
    for (const { h, f } of filtered) {
      lines.push(
        `| m=${h.settings.m}, ef_construction=${h.settings.efConstruction} | ${f.efSearch} | ${f.iterativeScan} | ${rc(f)} | ${f.meanRows} | ${ms(f.serverMs)} |`,
      );
    }
  }
  lines.push(
    '',
    product
      ? `Product setting HNSW m=${product.m}, ef_construction=${product.efConstruction}, hnsw.ef_search=${product.efSearch}: recall@10 ${product.recallAt10.toFixed(3)} (95% CI low ${product.recallCi95Low.toFixed(3)}): ${product.meetsTarget ? 'meets' : 'MISSES'} the target ${report.targetRecallAt10}.`
      : 'The product setting was not measured.',
    min
      ? `Minimum meeting the target (cheapest build, then smallest ef_search, 95% CI low >= ${report.targetRecallAt10}): m=${min.m}, ef_construction=${min.efConstruction}, ef_search=${min.efSearch}.`
      : `No HNSW setting reached recall@10 >= ${report.targetRecallAt10} at the 95% CI lower bound.`,
    `Data (cosine similarity): top-1 ${report.data.stats.top1Similarity}, top-10 ${report.data.stats.top10Similarity}, same cluster ${report.data.stats.sameClusterSimilarity}, unrelated ${report.data.stats.randomPairSimilarity}; ${Math.round((report.data.stats.top10InQueryCluster ?? 0) * 100)}% of the true top 10 are in the query's cluster.`,
    '',
  );
  return lines.join('\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`vector benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
