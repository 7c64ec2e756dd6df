// What business services need for one request: the caller, the database, the embedder and the limits.

import type { Database } from '../data/database.js';
import type { Embedder } from '../platform/embeddings/embedder.js';

export interface Limits {
  maxRowsDefault: number;
  maxRowsLimit: number;
  maxResultBytes: number;
  maxQueryLength: number;
}

export interface ServiceContext {
  principalId: string;
  db: Database;
  embedder: Embedder;
  limits: Limits;
  /** 'off-for-tests' exists only so the security suite can prove the database holds alone; refused outside tests. */
  sqlGuard: 'on' | 'off-for-tests';
}
