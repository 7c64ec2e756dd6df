// The eight Zava Retail stores and the sample principals (managers) who may see them.

export interface SeedStore {
  storeId: number;
  storeName: string;
  city: string;
  isOnline: boolean;
  /** Relative order volume: Seattle is the busiest store, Spokane the quietest. */
  weight: number;
  /** Phone area codes of the store's customers. */
  areaCodes: readonly string[];
}

/** Fixed ids 1..8: RLS policies, principals and tests refer to stores by id. */
export const STORES: readonly SeedStore[] = [
  { storeId: 1, storeName: 'Zava Retail Seattle', city: 'Seattle', isOnline: false, weight: 3.0, areaCodes: ['206'] },
  { storeId: 2, storeName: 'Zava Retail Bellevue', city: 'Bellevue', isOnline: false, weight: 2.0, areaCodes: ['425'] },
  { storeId: 3, storeName: 'Zava Retail Tacoma', city: 'Tacoma', isOnline: false, weight: 1.2, areaCodes: ['253'] },
  { storeId: 4, storeName: 'Zava Retail Spokane', city: 'Spokane', isOnline: false, weight: 0.9, areaCodes: ['509'] },
  { storeId: 5, storeName: 'Zava Retail Everett', city: 'Everett', isOnline: false, weight: 1.0, areaCodes: ['425', '360'] },
  { storeId: 6, storeName: 'Zava Retail Redmond', city: 'Redmond', isOnline: false, weight: 1.5, areaCodes: ['425'] },
  { storeId: 7, storeName: 'Zava Retail Kirkland', city: 'Kirkland', isOnline: false, weight: 1.4, areaCodes: ['425'] },
  {
    storeId: 8,
    storeName: 'Zava Retail Online',
    city: 'Online',
    isOnline: true,
    weight: 2.5,
    areaCodes: ['206', '425', '253', '509', '360'],
  },
];

export const STORE_IDS = {
  seattle: 1,
  bellevue: 2,
  tacoma: 3,
  spokane: 4,
  everett: 5,
  redmond: 6,
  kirkland: 7,
  online: 8,
} as const;

export const ALL_STORE_IDS: readonly number[] = STORES.map((s) => s.storeId);

export type PrincipalRole = 'store_manager' | 'regional_manager' | 'head_office';

export interface SeedPrincipal {
  principalId: string;
  displayName: string;
  role: PrincipalRole;
  /** Stores whose rows this principal may read (head office: all). */
  storeIds: number[];
}

export type PrincipalKey = 'seattle' | 'bellevue' | 'tacoma' | 'spokane' | 'everett' | 'redmond' | 'kirkland' | 'online' | 'regional' | 'headoffice';

export const REGIONAL_STORE_IDS: readonly number[] = [STORE_IDS.bellevue, STORE_IDS.redmond, STORE_IDS.kirkland];

/**
 * Sample principals. This module only exports the data: writing the principals tables is another module's job.
 * The ids are fixed so tokens minted for tests and docs stay valid across re-seeds.
 */
export const PRINCIPALS: Readonly<Record<PrincipalKey, SeedPrincipal>> = {
  seattle: storeManager('f47ac10b-58cc-4372-a567-0e02b2c3d479', 'Seattle', STORE_IDS.seattle),
  bellevue: storeManager('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'Bellevue', STORE_IDS.bellevue),
  tacoma: storeManager('a1b2c3d4-e5f6-7890-abcd-ef1234567890', 'Tacoma', STORE_IDS.tacoma),
  spokane: storeManager('d8e9f0a1-b2c3-4567-8901-234567890abc', 'Spokane', STORE_IDS.spokane),
  everett: storeManager('3b9ac9fa-cd5e-4b92-a7f2-b8c1d0e9f2a3', 'Everett', STORE_IDS.everett),
  redmond: storeManager('e7f8a9b0-c1d2-3e4f-5678-90abcdef1234', 'Redmond', STORE_IDS.redmond),
  kirkland: storeManager('9c8b7a65-4321-fed0-9876-543210fedcba', 'Kirkland', STORE_IDS.kirkland),
  online: storeManager('2f4e6d8c-1a3b-5c7e-9f0a-b2d4f6e8c0a2', 'Online', STORE_IDS.online),
  regional: {
    principalId: '5a0e1c3b-7d9f-4e2a-8b6c-1f3e5d7a9c0b',
    displayName: 'Eastside Regional Manager (Bellevue, Redmond, Kirkland)',
    role: 'regional_manager',
    storeIds: [...REGIONAL_STORE_IDS],
  },
  headoffice: {
    principalId: '00000000-0000-4000-8000-00000000a0a0',
    displayName: 'Zava Head Office',
    role: 'head_office',
    storeIds: [...ALL_STORE_IDS],
  },
};

function storeManager(principalId: string, city: string, storeId: number): SeedPrincipal {
  return { principalId, displayName: `${city} Store Manager`, role: 'store_manager', storeIds: [storeId] };
}
