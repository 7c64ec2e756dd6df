// The local development token issuer: an RSA key kept in a git-ignored file, tokens for the sample principals.
// Its tokens are accepted only by a server in development mode (AUTH_MODE=dev), never in Azure.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';

// URLs under the reserved .invalid domain: well-formed issuer identifiers that can never resolve to anything real.
export const DEV_ISSUER = 'https://dev-issuer.zava-retail.invalid';
export const DEV_AUDIENCE = 'api://zava-retail-mcp-local';
const ALG = 'RS256';

interface KeyFile {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

export interface DevIssuer {
  readonly issuer: string;
  readonly audience: string;
  readonly publicJwks: { keys: JWK[] };
  issue(claims: { sub: string; name?: string; scopes?: string[]; expiresInSeconds?: number; app?: boolean }): Promise<string>;
}

/** Loads the key from `keyFile`, creating it on first use. */
export async function loadDevIssuer(keyFile: string): Promise<DevIssuer> {
  let keys: KeyFile;
  if (existsSync(keyFile)) {
    keys = JSON.parse(readFileSync(keyFile, 'utf8')) as KeyFile;
  } else {
    const pair = await generateKeyPair(ALG, { extractable: true });
    const kid = `dev-${Date.now().toString(36)}`;
    keys = {
      kid,
      privateJwk: { ...(await exportJWK(pair.privateKey)), kid, alg: ALG },
      publicJwk: { ...(await exportJWK(pair.publicKey)), kid, alg: ALG, use: 'sig' },
    };
    mkdirSync(path.dirname(keyFile), { recursive: true });
    writeFileSync(keyFile, JSON.stringify(keys, null, 2), { mode: 0o600 });
  }
  const privateKey = await importJWK(keys.privateJwk, ALG);
  return {
    issuer: DEV_ISSUER,
    audience: DEV_AUDIENCE,
    publicJwks: { keys: [keys.publicJwk] },
    async issue({ sub, name, scopes = ['Sales.Read'], expiresInSeconds = 8 * 3600, app = false }) {
      const jwt = new SignJWT({ ...(name ? { name } : {}), ...(app ? { roles: scopes, idtyp: 'app' } : { scp: scopes.join(' ') }) })
        .setProtectedHeader({ alg: ALG, kid: keys.kid, typ: 'JWT' })
        .setIssuer(DEV_ISSUER)
        .setAudience(DEV_AUDIENCE)
        .setSubject(sub)
        .setIssuedAt()
        .setNotBefore('0s')
        .setExpirationTime(`${expiresInSeconds}s`);
      return jwt.sign(privateKey);
    },
  };
}
