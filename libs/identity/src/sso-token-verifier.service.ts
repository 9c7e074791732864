import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { createRemoteJWKSet, errors, JWTVerifyGetKey, jwtVerify } from 'jose';
import {
  readSsoClaims,
  SSO_CLOCK_TOLERANCE_SECONDS,
  SSO_TOKEN_LIFETIME_MAX_SECONDS,
  SsoClaims,
  ssoTokenRefused,
} from './sso-claims';

/** How long one JWKS fetch may take; a slower publisher refuses the sign-in rather than hold it. */
const JWKS_TIMEOUT_MS = 3000;
/** How long fetched keys are used before they are fetched again, unknown kid or not. */
const JWKS_MAX_AGE_MS = 10 * 60_000;

interface SsoSetup {
  issuer: string;
  audience: string;
  key: Uint8Array | JWTVerifyGetKey;
  /** Pinned per key source: HS256 only with a shared secret, RS256/ES256 only with a JWKS. */
  algorithms: string[];
}

/**
 * Verifies a publisher's sign-in token with jose: the signature (SSO_SECRET, or the JWKS key its
 * `kid` names, fetched again for an unknown kid at most once per SSO_JWKS_COOLDOWN_SECONDS), the
 * pinned algorithms (never `none`, never an HS token against a JWKS), issuer, audience, exp and
 * iat with a small clock tolerance, then Parley's own claim rules (readSsoClaims).
 */
@Injectable()
export class SsoTokenVerifier {
  private readonly logger = new Logger(SsoTokenVerifier.name);
  private readonly setup: SsoSetup | null;

  constructor({ values }: AppConfig) {
    const { SSO_SECRET, SSO_JWKS_URL, SSO_ISSUER, SSO_AUDIENCE } = values;
    if (!SSO_ISSUER || !SSO_AUDIENCE || (!SSO_SECRET && !SSO_JWKS_URL)) {
      this.setup = null;
      return;
    }
    this.setup = SSO_SECRET
      ? {
          issuer: SSO_ISSUER,
          audience: SSO_AUDIENCE,
          key: new TextEncoder().encode(SSO_SECRET),
          algorithms: ['HS256'],
        }
      : {
          issuer: SSO_ISSUER,
          audience: SSO_AUDIENCE,
          key: createRemoteJWKSet(new URL(SSO_JWKS_URL as string), {
            timeoutDuration: JWKS_TIMEOUT_MS,
            cooldownDuration: values.SSO_JWKS_COOLDOWN_SECONDS * 1000,
            cacheMaxAge: JWKS_MAX_AGE_MS,
          }),
          algorithms: ['RS256', 'ES256'],
        };
  }

  get configured(): boolean {
    return this.setup !== null;
  }

  /** The token's checked claims; 401 invalid_token for any token Parley does not accept. */
  async verify(token: string): Promise<SsoClaims> {
    const setup = this.setup;
    if (!setup) throw ssoTokenRefused('Publisher sign-in is not configured');
    let payload: Record<string, unknown>;
    try {
      const options = {
        issuer: setup.issuer,
        audience: setup.audience,
        algorithms: setup.algorithms,
        clockTolerance: SSO_CLOCK_TOLERANCE_SECONDS,
        maxTokenAge: SSO_TOKEN_LIFETIME_MAX_SECONDS,
        requiredClaims: ['exp', 'iat', 'sub', 'jti'],
      };
      // Two calls rather than one with a union key: jose types a secret and a key set apart.
      ({ payload } =
        setup.key instanceof Uint8Array
          ? await jwtVerify(token, setup.key, options)
          : await jwtVerify(token, setup.key, options));
    } catch (error) {
      throw this.refusal(error);
    }
    return readSsoClaims(payload, setup.issuer);
  }

  private refusal(error: unknown) {
    if (error instanceof errors.JWTExpired) return ssoTokenRefused('The token has expired');
    if (
      error instanceof errors.JWKSTimeout ||
      error instanceof errors.JWKSInvalid ||
      !(error instanceof errors.JOSEError)
    ) {
      // The publisher's key server failed us (down, slow, not JSON): the reader cannot be
      // checked, so the sign-in is refused; the operator learns why from the log.
      this.logger.warn(`Publisher JWKS unavailable: ${describe(error)}`);
      return ssoTokenRefused('The publisher keys could not be fetched; try again');
    }
    if (error instanceof errors.JWTClaimValidationFailed)
      return ssoTokenRefused(`The token's ${error.claim} claim is not accepted (${error.reason})`);
    return ssoTokenRefused(`The token was refused (${error.code})`);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
