// Writes the principal -> role -> stores mapping (app.principals, app.principal_stores). Owner only.

import type { Queryable } from './queryable.js';

export interface PrincipalGrant {
  principalId: string;
  displayName: string;
  role: 'store_manager' | 'regional_manager' | 'head_office';
  /** Ignored for head office, who sees every store. */
  storeIds: readonly number[];
}

export async function upsertPrincipals(q: Queryable, grants: readonly PrincipalGrant[]): Promise<void> {
  for (const g of grants) {
    await q.query(
      `INSERT INTO app.principals (principal_id, display_name, role) VALUES ($1, $2, $3)
       ON CONFLICT (principal_id) DO UPDATE SET display_name = EXCLUDED.display_name, role = EXCLUDED.role`,
      [g.principalId, g.displayName, g.role],
    );
    await q.query('DELETE FROM app.principal_stores WHERE principal_id = $1', [g.principalId]);
    if (g.role !== 'head_office' && g.storeIds.length > 0) {
      await q.query('INSERT INTO app.principal_stores (principal_id, store_id) SELECT $1, unnest($2::int[])', [g.principalId, [...g.storeIds]]);
    }
  }
}
