// Resource: a short guide to the retail data model and the rules of the tools, for agents that read resources.

import { defineResource } from '../define-prompt.js';

export const ANALYST_GUIDE = `# Zava Retail analytics guide

Zava Retail is a DIY/hardware chain: 7 stores in Washington and 1 online store.

## Tables (schema retail)
- stores(store_id, store_name, city, is_online)
- categories(category_id, category_name); product_types(type_id, category_id, type_name)
- products(product_id, sku, product_name, category_id, type_id, cost, base_price, gross_margin_percent, product_description)
- customers(customer_id, first_name, last_name, email, phone, store_id = home store, created_at)
- orders(order_id, customer_id, store_id, order_date)
- order_items(order_item_id, order_id, store_id, product_id, quantity, unit_price, discount_percent, discount_amount, total_amount)
- inventory(store_id, product_id, stock_level)

## Joins
orders.order_id = order_items.order_id; order_items.product_id = products.product_id;
products.category_id = categories.category_id; products.type_id = product_types.type_id;
orders.customer_id = customers.customer_id; *.store_id = stores.store_id.

## Measures
Revenue = sum(order_items.total_amount). Units = sum(quantity). Gross profit per line ≈ total_amount - quantity * products.cost.

## Rules
- You see only the stores you are allowed to; the database enforces it, so do not filter by store for permission.
- One read-only SELECT per execute_sales_query call; results capped (max_rows up to 1000) and cut with a notice.
- Sample data covers six years ending the day before the database was seeded (UTC); min(order_date) and max(order_date) give the exact range.
`;

export const analystGuideResource = defineResource({
  name: 'analyst-guide',
  uri: 'zava://guides/retail-analytics',
  title: 'Zava Retail analytics guide',
  description: 'How the retail tables join, what the columns mean, and the limits of the tools.',
  mimeType: 'text/markdown',
  read: () => ANALYST_GUIDE,
});
