// Row shapes of the retail tables as the seed writes them (column names as in sql/001_schema.sql).

export interface StoreRow {
  store_id: number;
  store_name: string;
  city: string;
  is_online: boolean;
}

export interface CategoryRow {
  category_id: number;
  category_name: string;
}

export interface ProductTypeRow {
  type_id: number;
  category_id: number;
  type_name: string;
}

export interface ProductRow {
  product_id: number;
  sku: string;
  product_name: string;
  category_id: number;
  type_id: number;
  cost: number;
  base_price: number;
  product_description: string;
}

export interface CustomerRow {
  customer_id: number;
  first_name: string;
  last_name: string;
  email: string;
  phone: string | null;
  store_id: number;
  /** YYYY-MM-DD */
  created_at: string;
}

export interface OrderRow {
  order_id: number;
  customer_id: number;
  store_id: number;
  /** YYYY-MM-DD */
  order_date: string;
}

export interface OrderItemRow {
  order_item_id: number;
  order_id: number;
  store_id: number;
  product_id: number;
  quantity: number;
  unit_price: number;
  discount_percent: number;
  discount_amount: number;
  total_amount: number;
}

export interface InventoryRow {
  store_id: number;
  product_id: number;
  stock_level: number;
}
