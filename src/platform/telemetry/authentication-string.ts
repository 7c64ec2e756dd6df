// Reads APPLICATIONINSIGHTS_AUTHENTICATION_STRING (`Authorization=AAD;ClientId=<guid>`, as the Bicep writes it
// and the Functions host reads it): whether ingestion needs an Entra token, and for which managed identity.
// The Node exporter does not read this variable itself; it takes a credential, built from this in otel-sdk.ts.

export interface IngestionAuthentication {
  /** True when telemetry must be sent with an Entra token (Application Insights with local auth disabled). */
  entra: boolean;
  /** Client id of the user-assigned managed identity; absent means the system-assigned one. */
  clientId?: string;
}

export function parseAuthenticationString(value: string | undefined): IngestionAuthentication {
  if (!value) return { entra: false };
  const parts = new Map<string, string>();
  for (const pair of value.split(';')) {
    const at = pair.indexOf('=');
    if (at > 0) parts.set(pair.slice(0, at).trim().toLowerCase(), pair.slice(at + 1).trim());
  }
  const entra = (parts.get('authorization') ?? '').toLowerCase() === 'aad';
  const clientId = parts.get('clientid');
  return entra && clientId ? { entra, clientId } : { entra };
}
