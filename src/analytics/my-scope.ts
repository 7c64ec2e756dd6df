// Who the caller is and what they may see (the "my scope" resource), and the names prompt completions offer:
// stores only from the caller's scope, categories from the catalog. One scoped statement each.

import type { ScopeRole } from '../data/database.js';
import type { RequestContext } from './request-context.js';

export interface ScopeStore {
  store_id: number;
  store_name: string;
  city: string;
  is_online: boolean;
}

export interface MyScope {
  principal_id: string;
  display_name: string | null;
  kind: 'user' | 'app';
  role: ScopeRole;
  stores: ScopeStore[];
}

/** The caller's stores: stores is reference data, so the scope's store ids pick the caller's rows. */
export async function describeMyScope(ctx: RequestContext): Promise<MyScope> {
  return ctx.withScope(async (scope) => {
    const result = await scope.query<ScopeStore>(
      'SELECT store_id, store_name, city, is_online FROM retail.stores WHERE store_id = ANY ((SELECT app.scope_store_ids())::integer[]) ORDER BY store_id',
    );
    return {
      principal_id: ctx.principal.id,
      display_name: ctx.principal.name ?? null,
      kind: ctx.principal.kind,
      role: scope.info.role,
      stores: result.rows,
    };
  });
}

const MAX_COMPLETIONS = 100;

function matching(values: readonly string[], typed: string): string[] {
  const prefix = typed.trim().toLowerCase();
  return values.filter((v) => v.toLowerCase().includes(prefix)).slice(0, MAX_COMPLETIONS);
}

/** Store names (and cities) of the caller's stores that contain what was typed, case-insensitively. */
export async function completeStore(ctx: RequestContext, typed: string): Promise<string[]> {
  const { stores } = await describeMyScope(ctx);
  return matching(
    stores.map((s) => s.store_name),
    typed,
  );
}

/** Category names containing what was typed; the catalog is the same for every scope, so it is cached per database. */
export async function completeCategory(ctx: RequestContext, typed: string): Promise<string[]> {
  const { value } = await ctx.cache.getOrCompute(`categories:v1:${ctx.databaseId}`, 300, () =>
    ctx.withScope(async (scope) =>
      (await scope.query<{ category_name: string }>('SELECT category_name FROM retail.categories ORDER BY category_name')).rows.map(
        (r) => r.category_name,
      ),
    ),
  );
  return matching(value, typed);
}
