// After an analytics statement ran: which of the caller's stores it covered, and the refusals for stores or
// categories the caller named but cannot see or that do not exist. The caller's stores are scope.info.storeIds.

import { AuthorizationError, NotFoundError } from '../../platform/errors.js';

export interface StoreRef {
  store_id: number;
  store_name: string;
}

/** A store argument as data: trimmed text with single spaces (ids become their decimal text). */
export function normalizeName(value: string | number | undefined | null): string | null {
  if (value === undefined || value === null) return null;
  const text = String(value).trim().replace(/\s+/g, ' ');
  return text === '' ? null : text;
}

/** The cache-key form of a store or category argument: case does not change the answer. */
export function nameKey(value: string | number | undefined | null): string | null {
  return normalizeName(value)?.toLowerCase() ?? null;
}

function describeStores(stores: readonly StoreRef[]): string {
  return stores.length === 0 ? 'none' : stores.map((s) => `${s.store_name} (id ${s.store_id})`).join(', ');
}

/**
 * The stores an answer covers: every visible store when no store was named, else the named one. A named store
 * outside the scope is FORBIDDEN (naming the caller's stores), an unknown one NOT_FOUND (listing them too).
 */
export function resolveStores(
  requested: string | null,
  requestedIds: readonly number[],
  allStores: readonly StoreRef[],
  visibleIds: readonly number[],
): StoreRef[] {
  const visible = allStores.filter((s) => visibleIds.includes(s.store_id));
  if (requested === null) return visible;
  if (requestedIds.length === 0) {
    throw new NotFoundError(`No store matches "${shorten(requested)}". Your stores: ${describeStores(visible)}.`, {
      nextStep: 'Name a store by its id, its name ("Zava Retail Seattle") or its city ("Seattle"), or omit store for all your stores.',
    });
  }
  const outside = requestedIds.filter((id) => !visibleIds.includes(id));
  if (outside.length > 0) {
    const names = allStores.filter((s) => outside.includes(s.store_id)).map((s) => s.store_name);
    throw new AuthorizationError(`You cannot see ${names.join(', ')}. Your stores: ${describeStores(visible)}.`, {
      nextStep: 'Ask about one of your stores, or omit store for all of them.',
    });
  }
  return visible.filter((s) => requestedIds.includes(s.store_id));
}

/** An unknown category is NOT_FOUND listing the categories. */
export function checkCategory(requested: string | null, matched: number, categories: readonly string[]): void {
  if (requested !== null && matched === 0) {
    throw new NotFoundError(`No category matches "${shorten(requested)}". Categories: ${categories.join(', ')}.`, {
      nextStep: 'Pass one of the listed category names (case does not matter), or omit category.',
    });
  }
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}...` : text;
}
