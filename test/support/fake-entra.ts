// A local stand-in for Microsoft Entra ID (v2 endpoints) speaking its real wire shapes: the tenant's JWKS at
// /{tenant}/discovery/v2.0/keys and the OpenID configuration at /{tenant}/v2.0/.well-known/openid-configuration,
// plus a signer that mints Entra v2-shaped access tokens (delegated: scp; app-only: roles + idtyp=app).
//
// Tokens are built by hand with node:crypto rather than with jose, so the server's verifier (jose) is checked
// against independently produced tokens, including the attack shapes: an unknown key, HS256 keyed with the
// RSA public key (algorithm confusion) and `alg: none`.

import { createHmac, generateKeyPairSync, randomBytes, randomUUID, sign as rsaSign, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EntraKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The JWK as Entra publishes it (no `alg`; `x5t` equal to the kid; the tenant's issuer). */
  jwk: Record<string, unknown>;
}

export interface SignOptions {
  /** 'delegated' (default): a user token with `scp`; 'app': a client-credential token with `roles` and `idtyp: app`. */
  flow?: 'delegated' | 'app';
  /** Which key signs: the newest published key (default), a published key by kid, or a key never published. */
  key?: 'current' | 'unknown' | { kid: string };
  /** Overrides the `kid` header (e.g. a published kid on a token signed by another key). */
  kid?: string;
  /** Attack shapes: HS256 keyed with the RSA public key's PEM (algorithm confusion), or an unsecured JWT. */
  attack?: 'hs256-public-key' | 'alg-none';
  /** Lifetime in seconds from now (default 3600); negative values make an already expired token. */
  lifetimeSeconds?: number;
}

/** Claims to put in a token; a claim set to `undefined` is removed from the defaults. */
export type TokenClaims = Record<string, unknown>;

export interface FakeEntra {
  /** Base URL of the local server, e.g. http://127.0.0.1:50123. */
  readonly url: string;
  readonly tenantId: string;
  /** Client id (GUID) of the API's app registration: the `aud` of v2 access tokens. */
  readonly clientId: string;
  /** Client id of the calling app (`azp`). */
  readonly clientAppId: string;
  /** https://login.microsoftonline.com/{tenant}/v2.0, exactly as Entra writes `iss` in v2 tokens. */
  readonly issuer: string;
  /** The local JWKS URL (what Entra serves at https://login.microsoftonline.com/{tenant}/discovery/v2.0/keys). */
  readonly jwksUri: string;
  readonly openidConfigurationUrl: string;
  /** How many times the JWKS was fetched. */
  readonly jwksFetches: number;
  /** Published keys, oldest first; the last one signs by default. */
  readonly keys: readonly EntraKey[];
  /** The environment a server needs to accept this tenant's tokens. */
  serverEnv(audience?: string): Record<string, string>;
  /** Publishes a new signing key (key rotation) and returns its kid; it becomes the default signer. */
  rotateKey(): string;
  /** Stops publishing a key. */
  removeKey(kid: string): void;
  /** Makes the JWKS endpoint answer 503 (an outage) or serve again. */
  setJwksAvailable(available: boolean): void;
  /** Mints an access token: Entra v2 defaults, overridden by `claims`. */
  sign(claims?: TokenClaims, options?: SignOptions): string;
  /** A delegated (user) token for the given object id. */
  userToken(oid: string, claims?: TokenClaims, options?: Omit<SignOptions, 'flow'>): string;
  /** An app-only (client-credential) token for the given service principal object id. */
  appToken(oid: string, claims?: TokenClaims, options?: Omit<SignOptions, 'flow'>): string;
  close(): Promise<void>;
}

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

function newKey(issuer: string): EntraKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  // Entra's kids are base64url SHA-1 thumbprints (27 characters); random bytes of the same shape will do.
  const kid = b64url(randomBytes(20));
  const { n, e } = publicKey.export({ format: 'jwk' });
  return { kid, privateKey, publicKey, jwk: { kty: 'RSA', use: 'sig', kid, x5t: kid, n, e, issuer } };
}

/** Replaces claims in a token's payload, keeping its header and (now wrong) signature. */
export function tamperPayload(token: string, changes: TokenClaims): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as TokenClaims;
  return [header, b64url(JSON.stringify({ ...claims, ...changes })), signature].join('.');
}

/** Decodes a token's header and payload without verifying anything. */
export function decodeToken(token: string): { header: Record<string, unknown>; payload: TokenClaims } {
  const [header, payload] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(header ?? '', 'base64url').toString('utf8')) as Record<string, unknown>,
    payload: JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as TokenClaims,
  };
}

export async function startFakeEntra(options: { tenantId?: string; clientId?: string } = {}): Promise<FakeEntra> {
  const tenantId = options.tenantId ?? randomUUID();
  const clientId = options.clientId ?? randomUUID();
  const clientAppId = randomUUID();
  const issuer = `https://login.microsoftonline.com/${tenantId}/v2.0`;
  const keys: EntraKey[] = [newKey(issuer)];
  let jwksFetches = 0;
  let jwksAvailable = true;

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'max-age=86400, private' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET') return reply(405, { error: 'invalid_request' });
    if (url.pathname === `/${tenantId}/discovery/v2.0/keys`) {
      jwksFetches++;
      if (!jwksAvailable) return reply(503, { error: 'temporarily_unavailable' });
      return reply(200, { keys: keys.map((k) => k.jwk) });
    }
    if (url.pathname === `/${tenantId}/v2.0/.well-known/openid-configuration`) {
      return reply(200, openidConfiguration());
    }
    // What Entra says for a tenant it does not know.
    return reply(400, {
      error: 'invalid_tenant',
      error_description: `AADSTS90002: Tenant '${url.pathname.split('/')[1] ?? ''}' not found.`,
      error_codes: [90002],
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const jwksUri = `${base}/${tenantId}/discovery/v2.0/keys`;
  const login = `https://login.microsoftonline.com/${tenantId}`;

  function openidConfiguration(): Record<string, unknown> {
    return {
      token_endpoint: `${login}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: jwksUri,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer,
      request_uri_parameter_supported: false,
      userinfo_endpoint: 'https://graph.microsoft.com/oidc/userinfo',
      authorization_endpoint: `${login}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${login}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${login}/oauth2/v2.0/logout`,
      claims_supported: [
        'sub',
        'iss',
        'cloud_instance_name',
        'cloud_instance_host_name',
        'cloud_graph_host_name',
        'msgraph_host',
        'aud',
        'exp',
        'iat',
        'auth_time',
        'acr',
        'nonce',
        'preferred_username',
        'name',
        'tid',
        'ver',
        'at_hash',
        'c_hash',
        'email',
      ],
      kerberos_endpoint: `${login}/kerberos`,
      tenant_region_scope: 'NA',
      cloud_instance_name: 'microsoftonline.com',
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: 'graph.microsoft.com',
      rbac_url: 'https://pas.windows.net',
    };
  }

  function defaults(flow: 'delegated' | 'app', lifetimeSeconds: number): TokenClaims {
    const now = Math.floor(Date.now() / 1000);
    const oid = randomUUID();
    const common: TokenClaims = {
      aud: clientId,
      iss: issuer,
      iat: now,
      nbf: now,
      exp: now + lifetimeSeconds,
      aio: b64url(randomBytes(48)),
      azp: clientAppId,
      azpacr: flow === 'app' ? '1' : '0',
      oid,
      rh: `1.${b64url(randomBytes(24))}.`,
      tid: tenantId,
      uti: b64url(randomBytes(16)),
      ver: '2.0',
    };
    if (flow === 'app') return { ...common, idtyp: 'app', roles: ['Sales.Read'], sub: oid };
    return {
      ...common,
      name: 'Test User',
      preferred_username: 'test.user@zava.example',
      scp: 'Sales.Read',
      // Delegated `sub` is pairwise (per app), never the object id: the server must key on `oid`.
      sub: b64url(randomBytes(32)),
    };
  }

  function signingKey(choice: SignOptions['key']): EntraKey {
    if (choice === 'unknown') return newKey(issuer);
    if (typeof choice === 'object') {
      const found = keys.find((k) => k.kid === choice.kid);
      if (!found) throw new Error(`No published key ${choice.kid}`);
      return found;
    }
    const current = keys[keys.length - 1];
    if (!current) throw new Error('No published keys');
    return current;
  }

  function sign(claims: TokenClaims = {}, opts: SignOptions = {}): string {
    const merged: TokenClaims = { ...defaults(opts.flow ?? 'delegated', opts.lifetimeSeconds ?? 3600), ...claims };
    for (const [name, value] of Object.entries(merged)) if (value === undefined) delete merged[name];
    const key = signingKey(opts.key);
    const kid = opts.kid ?? key.kid;
    const payload = b64url(JSON.stringify(merged));
    if (opts.attack === 'alg-none') {
      return `${b64url(JSON.stringify({ typ: 'JWT', alg: 'none', kid }))}.${payload}.`;
    }
    if (opts.attack === 'hs256-public-key') {
      const header = b64url(JSON.stringify({ typ: 'JWT', alg: 'HS256', kid }));
      const secret = key.publicKey.export({ type: 'spki', format: 'pem' });
      return `${header}.${payload}.${b64url(createHmac('sha256', secret).update(`${header}.${payload}`).digest())}`;
    }
    const header = b64url(JSON.stringify({ typ: 'JWT', alg: 'RS256', kid }));
    const signature = rsaSign('sha256', Buffer.from(`${header}.${payload}`), key.privateKey);
    return `${header}.${payload}.${b64url(signature)}`;
  }

  return {
    url: base,
    tenantId,
    clientId,
    clientAppId,
    issuer,
    jwksUri,
    openidConfigurationUrl: `${base}/${tenantId}/v2.0/.well-known/openid-configuration`,
    get jwksFetches() {
      return jwksFetches;
    },
    get keys() {
      return keys;
    },
    serverEnv: (audience = clientId) => ({ AUTH_MODE: 'entra', AUTH_AUDIENCE: audience, AUTH_ISSUER: issuer, AUTH_JWKS_URI: jwksUri }),
    rotateKey() {
      const key = newKey(issuer);
      keys.push(key);
      return key.kid;
    },
    removeKey(kid) {
      const index = keys.findIndex((k) => k.kid === kid);
      if (index >= 0) keys.splice(index, 1);
    },
    setJwksAvailable(available) {
      jwksAvailable = available;
    },
    sign,
    userToken: (oid, claims = {}, options = {}) => sign({ oid, ...claims }, { ...options, flow: 'delegated' }),
    appToken: (oid, claims = {}, options = {}) => sign({ oid, sub: oid, ...claims }, { ...options, flow: 'app' }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
