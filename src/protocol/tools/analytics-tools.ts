// The six retail analytics tools, in one list for the registry.

import { compareStoresTool } from './compare-stores.js';
import { getCustomerInsightsTool } from './get-customer-insights.js';
import { getInventoryAlertsTool } from './get-inventory-alerts.js';
import { getSalesTrendsTool } from './get-sales-trends.js';
import { getStorePerformanceTool } from './get-store-performance.js';
import { getTopProductsTool } from './get-top-products.js';

export const ANALYTICS_TOOLS = [
  getStorePerformanceTool,
  getSalesTrendsTool,
  getTopProductsTool,
  getInventoryAlertsTool,
  getCustomerInsightsTool,
  compareStoresTool,
] as const;
