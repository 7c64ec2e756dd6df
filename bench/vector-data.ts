// Deterministic synthetic embeddings for the vector index benchmark.
//
// Uniform random vectors in 1536 dimensions are a poor stand-in for text embeddings: every pair is nearly
// orthogonal, so "nearest" neighbours are barely nearer than anything else and ANN indexes look unrealistically
// bad (or, with tiny tables, trivially good). Real embeddings are clustered (topics, product categories, near
// duplicates) and most of their variance lives in comparatively few directions. This generator models both:
//
//   - a power-law variance spectrum: coordinate i has variance proportional to 1/(i+1), so the effective
//     dimensionality (participation ratio) is ~40 of 1536;
//   - a three-level hierarchy: topics, `categories` (5 per topic) and `clusters` ("product types", spread over
//     the categories), with Zipf-like cluster sizes and a per-cluster spread; how far apart the levels are is the
//     `DataShape` (presets in SHAPES, from well separated to diffuse);
//   - a shared mean direction (embeddings are anisotropic: unrelated texts still have a positive cosine);
//   - a little isotropic noise on every coordinate; every vector is L2-normalised.
//
// This is not a substitute for real embeddings; it is a controlled, reproducible stand-in whose difficulty can be
// varied, so that the comparison between indexes is not an artefact of one arbitrary distribution.
//
// Cosine distance and both pgvector indexes are rotation invariant, so putting the dominant directions on the
// first coordinates (instead of a random rotation) changes nothing that is measured. Table vectors and query
// vectors come from independent random streams of the same process, so queries are held out.

export interface DataSpec {
  dims: number;
  clusters: number;
  categories: number;
  seed: number;
}

/** sfc32 seeded through splitmix32: fast, deterministic, good enough for synthetic data. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare: number | undefined;

  constructor(seed: number, stream = 0) {
    let s = (seed ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.uint32();
  }

  uint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.uint32() / 4294967296;
  }

  /** Standard normal (Box-Muller, both values used). */
  gaussian(): number {
    if (this.spare !== undefined) {
      const v = this.spare;
      this.spare = undefined;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    const theta = 2 * Math.PI * this.uniform();
    this.spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  }
}

/** Relative scales of the generative model; every level is drawn with the same power-law spectrum. */
export interface DataShape {
  /** Offsets of the broad topics, categories within a topic, and clusters within a category. */
  topicScale: number;
  categoryScale: number;
  clusterScale: number;
  /** Per-cluster spread of the points around their cluster centre (uniform in [min, max]). */
  spreadMin: number;
  spreadMax: number;
  /** Norm of the shared mean direction (anisotropy). */
  meanScale: number;
  /** Norm of the isotropic noise over all coordinates. */
  isoNoise: number;
  /** Cluster sizes follow 1 / rank^zipf. */
  zipf: number;
  /** Categories per topic. */
  categoriesPerTopic: number;
}

const BASE_SHAPE = { meanScale: 0.55, isoNoise: 0.2, zipf: 0.7, categoriesPerTopic: 5 };

/**
 * Presets, from most to least clustered (measured on 100k x 1536, 500 clusters): how cleanly the data split into
 * clusters decides how well IVFFlat with one probe does, so the benchmark can run on each.
 *   separated: top-1 cosine ~0.76, same cluster ~0.67, unrelated ~0.12; ~90% of a query's top 10 in its cluster.
 *   clustered: top-1 ~0.64, same cluster ~0.41, unrelated ~0.17; ~65% of the top 10 in the query's cluster.
 *   diffuse:   top-1 ~0.60, same cluster ~0.34, unrelated ~0.18; ~40% in the query's cluster (weak structure).
 */
export const SHAPES = {
  separated: { ...BASE_SHAPE, topicScale: 0, categoryScale: 1.0, clusterScale: 0.75, spreadMin: 0.8, spreadMax: 1.2 },
  clustered: { ...BASE_SHAPE, topicScale: 0.5, categoryScale: 0.4, clusterScale: 0.35, spreadMin: 0.8, spreadMax: 1.2 },
  diffuse: { ...BASE_SHAPE, topicScale: 0.4, categoryScale: 0.3, clusterScale: 0.25, spreadMin: 0.9, spreadMax: 1.1 },
} satisfies Record<string, DataShape>;

export type ShapeName = keyof typeof SHAPES;
export const DEFAULT_SHAPE: DataShape = SHAPES.clustered;

export class SyntheticEmbeddings {
  readonly spec: DataSpec;
  readonly shape: DataShape;
  private readonly std: Float64Array;
  private readonly centres: Float64Array[];
  private readonly spreads: Float64Array;
  private readonly cumulative: Float64Array;
  private readonly mean: Float64Array;
  private readonly isoStd: number;

  constructor(spec: DataSpec, shape: DataShape = DEFAULT_SHAPE) {
    this.spec = spec;
    this.shape = shape;
    const { dims, clusters, categories } = spec;
    if (clusters < 1 || categories < 1 || dims < 2) throw new Error('dims >= 2, clusters >= 1 and categories >= 1 are required');
    const rng = new Rng(spec.seed, 1000);

    // Power-law spectrum, normalised so each level has expected squared norm scale^2.
    this.std = new Float64Array(dims);
    let total = 0;
    for (let i = 0; i < dims; i++) total += 1 / (i + 1);
    for (let i = 0; i < dims; i++) this.std[i] = Math.sqrt(1 / (i + 1) / total);
    this.isoStd = shape.isoNoise / Math.sqrt(dims);

    this.mean = this.draw(rng, shape.meanScale);
    const topics: Float64Array[] = [];
    const topicCount = Math.max(1, Math.round(categories / shape.categoriesPerTopic));
    for (let t = 0; t < topicCount; t++) topics.push(this.draw(rng, shape.topicScale));
    const categoryCentres: Float64Array[] = [];
    for (let c = 0; c < categories; c++) categoryCentres.push(add(this.draw(rng, shape.categoryScale), topics[c % topicCount] as Float64Array));
    this.centres = [];
    this.spreads = new Float64Array(clusters);
    const weights = new Float64Array(clusters);
    for (let k = 0; k < clusters; k++) {
      this.centres.push(add(this.draw(rng, shape.clusterScale), categoryCentres[k % categories] as Float64Array));
      this.spreads[k] = shape.spreadMin + (shape.spreadMax - shape.spreadMin) * rng.uniform();
      weights[k] = 1 / (k + 1) ** shape.zipf;
    }
    // Shuffle the weights so cluster size does not correlate with category.
    for (let k = clusters - 1; k > 0; k--) {
      const j = Math.floor(rng.uniform() * (k + 1));
      const t = weights[k] as number;
      weights[k] = weights[j] as number;
      weights[j] = t;
    }
    this.cumulative = new Float64Array(clusters);
    let acc = 0;
    for (let k = 0; k < clusters; k++) {
      acc += weights[k] as number;
      this.cumulative[k] = acc;
    }
    for (let k = 0; k < clusters; k++) this.cumulative[k] = (this.cumulative[k] as number) / acc;
  }

  /** A stream of vectors: stream 0 fills the table, stream 1 the held-out queries. */
  stream(stream: number): VectorStream {
    return new VectorStream(this, new Rng(this.spec.seed, stream));
  }

  /** Fills `out` with one normalised vector and returns its cluster. */
  sample(rng: Rng, out: Float32Array): number {
    const u = rng.uniform();
    let lo = 0;
    let hi = this.spec.clusters - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cumulative[mid] as number) < u) lo = mid + 1;
      else hi = mid;
    }
    const centre = this.centres[lo] as Float64Array;
    const spread = this.spreads[lo] as number;
    const { dims } = this.spec;
    let norm = 0;
    for (let i = 0; i < dims; i++) {
      const v = (this.mean[i] as number) + (centre[i] as number) + spread * (this.std[i] as number) * rng.gaussian() + this.isoStd * rng.gaussian();
      out[i] = v;
      norm += v * v;
    }
    const inv = 1 / Math.sqrt(norm);
    for (let i = 0; i < dims; i++) out[i] = (out[i] as number) * inv;
    return lo;
  }

  private draw(rng: Rng, scale: number): Float64Array {
    const v = new Float64Array(this.spec.dims);
    for (let i = 0; i < v.length; i++) v[i] = scale * (this.std[i] as number) * rng.gaussian();
    return v;
  }
}

function add(a: Float64Array, b: Float64Array): Float64Array {
  for (let i = 0; i < a.length; i++) a[i] = (a[i] as number) + (b[i] as number);
  return a;
}

export class VectorStream {
  private readonly buffer: Float32Array;

  constructor(
    private readonly model: SyntheticEmbeddings,
    private readonly rng: Rng,
  ) {
    this.buffer = new Float32Array(model.spec.dims);
  }

  /** The next vector as a pgvector text literal (6 decimals: the stored data are these rounded values). */
  next(): { literal: string; cluster: number; vector: Float32Array } {
    const cluster = this.model.sample(this.rng, this.buffer);
    return { literal: toLiteral(this.buffer), cluster, vector: this.buffer };
  }
}

export function toLiteral(v: Float32Array): string {
  const parts = new Array<string>(v.length);
  for (let i = 0; i < v.length; i++) parts[i] = String(Math.round((v[i] as number) * 1e6) / 1e6);
  return `[${parts.join(',')}]`;
}
