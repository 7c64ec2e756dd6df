// The offline default embedder: deterministic hashed lexical features, no network, no model download.
//
// Honest scope: this is LEXICAL similarity, not meaning. Two texts come out close when they share words (after
// lowercasing, punctuation stripping, hyphen splitting and light suffix stemming), adjacent word pairs, or
// 4-character fragments of words (so "driver" partly matches "drivers" and "screwdriver"). A small hand-written
// table of DIY-store terms ("drill"~"driver", "cordless"~"battery", "outdoor"~"weatherproof", ...) adds a shared
// feature for listed near-synonyms; anything outside that table ("door sagging" vs "hinge") is NOT related by this
// embedder. Use Azure OpenAI embeddings for semantic search that understands paraphrase.
//
// Features are hashed into the vector (FNV-1a index + a sign bit from a second mix, the "hashing trick"), then the
// vector is L2-normalised, so cosine similarity is a weighted overlap score. Same text, same vector, forever: the
// model name carries a version so changing any of the rules below must bump it.
import type { EmbedOptions, Embedder } from './embedder.js';

export const LOCAL_EMBEDDER_MODEL = 'local-lexical-v1';

export interface LocalEmbedderOptions {
  /** Vector length. Default 1536 (the schema's vector(1536) column). */
  dimensions?: number;
}

// Feature weights: whole words dominate; pairs reward matching phrases; fragments only break ties/partials.
const WORD_WEIGHT = 1.0;
const COMPOUND_WEIGHT = 0.6;
const SYNONYM_WEIGHT = 0.6;
const BIGRAM_WEIGHT = 0.5;
const CHAR_GRAMS_WEIGHT_PER_WORD = 0.5;
const CHAR_GRAM = 4;

const STOP_WORDS = new Set(
  (
    'a an the and or but nor of for to in on at by with without from into onto over under about as than then so ' +
    'is are was were be been being am do does did has have had having it its this that these those there here ' +
    'i me my we us our you your he she him her they them their what which who whom whose when where why how ' +
    'can could should would will shall may might must not no yes very just also too more most much many some any ' +
    'all each every other such only own same few both either neither per via ' +
    'show find looking look need needs want wants please get got something anything thing things'
  ).split(' '),
);

// Plurals the suffix rules below would get wrong.
const IRREGULAR: Readonly<Record<string, string>> = {
  shelves: 'shelf',
  knives: 'knife',
  leaves: 'leaf',
  halves: 'half',
  feet: 'foot',
  teeth: 'tooth',
};

// Near-synonyms in a DIY / hardware store. Words in one group share a feature; a word may sit in several groups.
// Kept deliberately small: every entry is a claim that the two words usually mean the same product here.
const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['drill', 'driver'],
  ['cordless', 'battery', 'rechargeable', 'lithium', 'liion'],
  ['outdoor', 'outside', 'exterior', 'weatherproof', 'waterproof', 'weatherresistant'],
  ['box', 'enclosure'],
  ['fastener', 'screw'],
  ['fastener', 'bolt'],
  ['fastener', 'nail'],
  ['glue', 'adhesive'],
  ['caulk', 'sealant', 'sealer'],
  ['faucet', 'tap'],
  ['wrench', 'spanner'],
  ['light', 'lamp', 'bulb'],
  ['cable', 'wire', 'cord'],
  ['lumber', 'timber', 'wood'],
  ['drywall', 'plasterboard', 'sheetrock'],
  ['sandpaper', 'abrasive', 'sanding'],
  ['shelf', 'shelving', 'rack'],
  ['mower', 'lawnmower'],
  ['ladder', 'stepladder'],
  ['insulation', 'insulated'],
  ['paint', 'coating'],
  ['pipe', 'tube', 'tubing'],
  ['kit', 'set'],
  ['vacuum', 'vac'],
];

/** Light suffix stemming (plural, -ing, -ed) for lowercase a-z words; leaves short words and codes like "20v" alone. */
export function stem(word: string): string {
  if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
  const irregular = IRREGULAR[word];
  if (irregular !== undefined) return irregular;
  let w = word;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (/(x|zz|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);

  let stripped: string | undefined;
  if (w.endsWith('ing') && w.length >= 6) stripped = w.slice(0, -3);
  else if (w.endsWith('ed') && !w.endsWith('eed') && w.length >= 5) stripped = w.slice(0, -2);
  if (stripped === undefined || !/[aeiouy]/.test(stripped)) return w;

  // "cutting" -> "cut", but "drilling" -> "drill" (ll, ss, zz are usually part of the word).
  if (/([^aeiouylsz])\1$/.test(stripped)) return stripped.slice(0, -1);
  // Restore a dropped final e: "wiring" -> "wire", "taped" -> "tape", "galvanized" -> "galvanize", "fencing" -> "fence".
  if (/^[^aeiouy]*[aeiouy][^aeiouwxy]$/.test(stripped) || /[cvz]$/.test(stripped) || (/at$/.test(stripped) && stripped.length >= 6)) {
    return `${stripped}e`;
  }
  return stripped;
}

interface Analysis {
  /** Stemmed non-stop words in order (hyphenated parts included). */
  words: string[];
  /** Joined forms of hyphenated words ("li-ion" -> "liion"). */
  compounds: string[];
}

/** Lowercases, strips accents and punctuation, splits hyphens, stems, and drops stop words. */
export function analyse(text: string): Analysis {
  const words: string[] = [];
  const compounds: string[] = [];
  const folded = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    // Apostrophes join ("don't" -> "dont"); every other non-letter/digit separates, hyphens included.
    .replace(/['\u2019]/g, '');
  for (const chunk of folded.split(/[^\p{L}\p{N}-]+/u)) {
    const parts = chunk.split('-').filter((p) => p !== '');
    if (parts.length > 1) compounds.push(stem(parts.join('')));
    for (const part of parts) {
      if (STOP_WORDS.has(part)) continue;
      words.push(stem(part));
    }
  }
  return { words, compounds };
}

const SYNONYMS: ReadonlyMap<string, readonly number[]> = (() => {
  const map = new Map<string, number[]>();
  SYNONYM_GROUPS.forEach((group, groupId) => {
    for (const word of group) {
      const key = stem(word);
      const ids = map.get(key) ?? [];
      if (!ids.includes(groupId)) ids.push(groupId);
      map.set(key, ids);
    }
  });
  return map;
})();

/** 32-bit FNV-1a over UTF-16 code units: stable across platforms and releases, unlike any built-in hash. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** murmur3's finaliser: decorrelates the sign bit from the bucket index. */
function mix32(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class LocalEmbedder implements Embedder {
  readonly model: string;
  readonly dimensions: number;

  constructor(options: LocalEmbedderOptions = {}) {
    const dimensions = options.dimensions ?? 1536;
    if (!Number.isInteger(dimensions) || dimensions < 1)
      throw new RangeError(`LocalEmbedder dimensions must be a positive integer, got ${dimensions}.`);
    this.dimensions = dimensions;
    this.model = dimensions === 1536 ? LOCAL_EMBEDDER_MODEL : `${LOCAL_EMBEDDER_MODEL}@${dimensions}`;
  }

  async embed(texts: readonly string[], options: EmbedOptions = {}): Promise<number[][]> {
    options.signal?.throwIfAborted();
    return texts.map((text) => this.embedOne(text));
  }

  /** Synchronous form, for callers that embed in a tight loop (seeding, benchmarks). */
  embedOne(text: string): number[] {
    const vector = new Float64Array(this.dimensions);
    const add = (feature: string, weight: number): void => {
      const hash = fnv1a(feature);
      const index = hash % this.dimensions;
      vector[index] = (vector[index] ?? 0) + ((mix32(hash) & 1) === 0 ? weight : -weight);
    };

    const { words, compounds } = analyse(text);
    for (const word of words) {
      add(`w:${word}`, WORD_WEIGHT);
      for (const group of SYNONYMS.get(word) ?? []) add(`s:${group}`, SYNONYM_WEIGHT);
      const padded = `^${word}$`;
      const gramCount = padded.length - CHAR_GRAM + 1;
      if (gramCount > 0) {
        // Spread a fixed budget over a word's fragments so long words don't outweigh their own whole-word feature.
        const gramWeight = CHAR_GRAMS_WEIGHT_PER_WORD / Math.sqrt(gramCount);
        for (let i = 0; i < gramCount; i++) add(`c:${padded.slice(i, i + CHAR_GRAM)}`, gramWeight);
      }
    }
    for (let i = 0; i + 1 < words.length; i++) add(`b:${words[i]} ${words[i + 1]}`, BIGRAM_WEIGHT);
    for (const compound of compounds) {
      add(`w:${compound}`, COMPOUND_WEIGHT);
      for (const group of SYNONYMS.get(compound) ?? []) add(`s:${group}`, SYNONYM_WEIGHT);
    }

    let norm = 0;
    for (const value of vector) norm += value * value;
    if (norm === 0) {
      // Empty or all-stop-word text: a fixed unit vector rather than zeros, which would make cosine distance NaN.
      add('empty:', 1);
      norm = 1;
    }
    const scale = 1 / Math.sqrt(norm);
    return Array.from(vector, (value) => value * scale);
  }
}
