// Bearer token verification with jose: pinned algorithms, issuer, audience, expiry and not-before, then the
// required scope. Entra ID v2 tokens in Azure (JWKS fetched and cached across invocations); the dev issuer locally.

import { createLocalJWKSet, createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { type Clock, systemClock } from '../platform/clock.js';
import type { Config } from '../platform/config.js';
import { AuthenticationError, AuthorizationError } from '../platform/errors.js';
import { fromRoot } from '../platform/paths.js';
import { loadDevIssuer } from './dev-issuer.js';
import { PRINCIPAL_ID_PATTERN, type Principal } from './principal.js';
import { VerifiedTokenCache } from './verified-tokens.js';

export interface TokenVerifier {
  /** Issuer the verifier accepts (also the authorization server advertised in the resource metadata). */
  readonly issuer: string;
  readonly requiredScope: string;
  verify(token: string): Promise<Principal>;
  /**
   * Fetches the identity provider's signing keys now (remote key sets only; local ones have them already), so the
   * first request does not wait for that round trip. Rejects with SigningKeysUnavailableError when they cannot be
   * fetched; the next verify() tries again.
   */
  prefetchKeys(): Promise<void>;
}

/** Raised when the token is valid but lacks the required scope: HTTP 403 insufficient_scope. */
export class InsufficientScopeError extends AuthorizationError {}

/** The identity provider's keys could not be fetched: HTTP 503, not a verdict on the token. */
export class SigningKeysUnavailableError extends AuthenticationError {}

function isKeySourceFailure(error: unknown): boolean {
  if (error instanceof joseErrors.JWKSTimeout) return true;
  if (error instanceof Error && /Expected 200 OK/.test(error.message)) return true;
  if (error instanceof joseErrors.JOSEError) return false;
  // createRemoteJWKSet surfaces network failures (fetch) and non-200 answers as plain errors.
  return (
    error instanceof Error &&
    /fetch failed|ECONNREFUSED|ENOTFOUND|ETIMEDOUT|Expected 200 OK|socket/i.test(
      `${error.message} ${String((error as { cause?: unknown }).cause ?? '')}`,
    )
  );
}

export interface VerifierSettings {
  issuer: string;
  audiences: string[];
  algorithms: string[];
  requiredScope: string;
  keys: JWTVerifyGetKey;
  clockToleranceSeconds?: number;
  /** How long a verified token is reused without verifying its signature again (ms; 0 = never). Default 5 min. */
  reuseVerifiedMs?: number;
  clock?: Clock;
}

/** Tokens remembered at most (one per agent session on a warm instance; far more than one instance serves). */
const VERIFIED_TOKENS_MAX = 1000;

export function createTokenVerifier(settings: VerifierSettings): TokenVerifier {
  const reuseMs = settings.reuseVerifiedMs ?? 300_000;
  const verified =
    reuseMs > 0 ? new VerifiedTokenCache({ maxAgeMs: reuseMs, maxEntries: VERIFIED_TOKENS_MAX, clock: settings.clock ?? systemClock }) : undefined;
  return {
    issuer: settings.issuer,
    requiredScope: settings.requiredScope,
    async prefetchKeys() {
      // createRemoteJWKSet's function has reload(); createLocalJWKSet's does not (and needs none).
      const remote = settings.keys as JWTVerifyGetKey & { reload?: () => Promise<void> };
      try {
        await remote.reload?.();
      } catch (error) {
        throw new SigningKeysUnavailableError('The signing keys of the identity provider could not be fetched.', {
          nextStep: 'Requests fetch them again; check AUTH_JWKS_URI or the tenant if this persists.',
          retryable: true,
          cause: error,
        });
      }
    },
    async verify(token) {
      const known = verified?.get(token);
      if (known) return known;
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, settings.keys, {
          issuer: settings.issuer,
          audience: settings.audiences,
          algorithms: settings.algorithms,
          clockTolerance: settings.clockToleranceSeconds ?? 60,
          requiredClaims: ['exp', 'iat', 'sub'],
        }));
      } catch (error) {
        if (isKeySourceFailure(error)) {
          throw new SigningKeysUnavailableError('The signing keys of the identity provider could not be fetched.', {
            nextStep: 'Retry shortly; the token itself may be fine.',
            retryable: true,
            cause: error,
          });
        }
        throw new AuthenticationError(describeJoseError(error), {
          nextStep: 'Obtain a new access token for this API and send it as "Authorization: Bearer <token>".',
          cause: error,
        });
      }
      const principal = toPrincipal(payload, settings.issuer);
      if (settings.requiredScope && !principal.scopes.includes(settings.requiredScope)) {
        throw new InsufficientScopeError(`The token lacks the required scope "${settings.requiredScope}".`, {
          nextStep: `Request a token with the ${settings.requiredScope} scope (delegated) or app role (application).`,
        });
      }
      // exp is a required claim, checked above; only a token that passed every check is remembered.
      if (verified && typeof payload.exp === 'number') verified.set(token, principal, payload.exp);
      return principal;
    },
  };
}

function toPrincipal(payload: JWTPayload, issuer: string): Principal {
  const claims = payload as JWTPayload & { oid?: unknown; scp?: unknown; roles?: unknown; name?: unknown; idtyp?: unknown };
  const id = typeof claims.oid === 'string' ? claims.oid : payload.sub;
  if (typeof id !== 'string' || !PRINCIPAL_ID_PATTERN.test(id)) {
    throw new AuthenticationError('The token has no usable subject (oid or sub).', { nextStep: 'Use a token issued for a user or an application.' });
  }
  const scp = typeof claims.scp === 'string' ? claims.scp.split(' ').filter(Boolean) : [];
  const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : [];
  return {
    id,
    ...(typeof claims.name === 'string' ? { name: claims.name } : {}),
    scopes: [...scp, ...roles],
    kind: claims.idtyp === 'app' || (scp.length === 0 && roles.length > 0) ? 'app' : 'user',
    issuer,
  };
}

function describeJoseError(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'The access token has expired.';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return 'The access token is not valid yet.';
    return `The access token's "${error.claim}" claim is not accepted by this server.`;
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'The access token uses a signing algorithm this server does not accept.';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'The access token signature is invalid.';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'The access token was signed by an unknown key.';
  if (error instanceof joseErrors.JWTInvalid || error instanceof joseErrors.JWSInvalid) return 'The access token is malformed.';
  if (error instanceof joseErrors.JWKSTimeout) return 'The signing keys could not be fetched in time; retry shortly.';
  return 'The access token could not be verified.';
}

/** Builds the verifier the configuration asks for. The dev issuer is impossible in Azure (config refuses it). */
export async function createConfiguredVerifier(config: Config): Promise<TokenVerifier> {
  const algorithms = config.AUTH_ALGORITHMS.split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  if (config.authMode === 'dev') {
    if (config.runningInAzure) throw new AuthenticationError('The development issuer is disabled in Azure.');
    const dev = await loadDevIssuer(fromRoot(config.DEV_ISSUER_KEY_FILE));
    return createTokenVerifier({
      issuer: dev.issuer,
      audiences: [dev.audience],
      algorithms: ['RS256'],
      requiredScope: config.AUTH_REQUIRED_SCOPE,
      keys: createLocalJWKSet(dev.publicJwks),
    });
  }
  const tenant = config.AUTH_TENANT_ID ?? '';
  const issuer = config.AUTH_ISSUER ?? `https://login.microsoftonline.com/${tenant}/v2.0`;
  const jwksUri = config.AUTH_JWKS_URI ?? `https://login.microsoftonline.com/${tenant}/discovery/v2.0/keys`;
  return createTokenVerifier({
    issuer,
    audiences: (config.AUTH_AUDIENCE ?? '')
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean),
    algorithms,
    requiredScope: config.AUTH_REQUIRED_SCOPE,
    // Module-scope cache: createRemoteJWKSet keeps keys between warm invocations and refetches on unknown kid.
    keys: createRemoteJWKSet(new URL(jwksUri), { cacheMaxAge: 12 * 3600_000, cooldownDuration: 30_000, timeoutDuration: 5000 }),
  });
}
