// Public entry of the seed module: generate and load the Zava sample dataset, and the sample principals.

export { seedDatabase, type SeedOptions, type SeedSummary, type SeedCounts, ROWS_PER_STATEMENT } from './load.js';
export { productEmbeddingText, textHash, type EmbeddableProduct } from '../embedding/embedding-text.js';
export {
  planSeed,
  generateOrderBatches,
  buildReferenceData,
  generateCustomers,
  resolveSettings,
  DEFAULT_SCALE,
  DEFAULT_YEARS,
  REFERENCE_CUSTOMERS,
  REFERENCE_ORDERS,
  type SeedPlan,
  type SeedSettings,
  type OrderBatch,
} from './generate.js';
export { generateInventory, RecentSales, RECENT_SALES_DAYS, LOW_STOCK_DAYS, OVERSTOCK_DAYS } from './inventory.js';
export { buildCatalog, CATEGORIES, CATALOG_SIZE, SEARCH_PROBES, type CatalogProduct } from './catalog.js';
export {
  STORES,
  STORE_IDS,
  ALL_STORE_IDS,
  REGIONAL_STORE_IDS,
  PRINCIPALS,
  type SeedStore,
  type SeedPrincipal,
  type PrincipalKey,
  type PrincipalRole,
} from './stores.js';
export { Rng, createRng, WeightedPicker } from './random.js';
