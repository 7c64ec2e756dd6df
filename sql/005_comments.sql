-- Descriptions that get_multiple_table_schemas shows to agents: what each table and tricky column means.

COMMENT ON TABLE retail.stores IS 'The 8 Zava Retail stores (7 physical in Washington, 1 online).';
COMMENT ON TABLE retail.categories IS 'Top-level product categories (9 DIY categories).';
COMMENT ON TABLE retail.product_types IS 'Product types within a category (e.g. Drills & Drivers in Power Tools).';
COMMENT ON TABLE retail.products IS 'Product catalog with cost, base price and generated gross margin.';
COMMENT ON TABLE retail.customers IS 'Customers; each belongs to one home store (store_id) and orders there.';
COMMENT ON TABLE retail.orders IS 'Order headers: one row per order, with store and date.';
COMMENT ON TABLE retail.order_items IS 'Order lines. Revenue = sum(total_amount); store_id repeats the order''s store.';
COMMENT ON TABLE retail.inventory IS 'Current stock level per store and product.';
COMMENT ON TABLE retail.product_description_embeddings IS 'Vector embeddings of product descriptions for semantic search (use semantic_search_products instead of querying directly).';
COMMENT ON COLUMN retail.products.gross_margin_percent IS 'Generated: (base_price - cost) / base_price * 100.';
COMMENT ON COLUMN retail.order_items.unit_price IS 'Price per unit before discount.';
COMMENT ON COLUMN retail.order_items.discount_amount IS 'Discount in currency for the whole line.';
COMMENT ON COLUMN retail.order_items.total_amount IS 'Line revenue: quantity * unit_price - discount_amount.';
COMMENT ON COLUMN retail.stores.is_online IS 'True for the online store.';
COMMENT ON COLUMN retail.customers.store_id IS 'The customer''s home store.';
