import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';

export const SSO_TEST_ISSUER = 'https://news.example.com';
export const SSO_TEST_AUDIENCE = 'parley-sso';
export const SSO_TEST_SECRET = 'publisher-secret-that-is-long-enough-0123456789';

export const SSO_ENV = {
  SSO_SECRET: SSO_TEST_SECRET,
  SSO_ISSUER: SSO_TEST_ISSUER,
  SSO_AUDIENCE: SSO_TEST_AUDIENCE,
};

export interface SsoTokenOptions {
  claims?: Record<string, unknown>;
  issuer?: string;
  audience?: string;
  /** iat, seconds since 1970 (default now). */
  iat?: number;
  /** Lifetime in seconds (default 120). */
  lifetime?: number;
  jti?: string | null;
  sub?: string | null;
  secret?: string;
}

/** A publisher's HS256 sign-in token, as the README's guide signs it. */
export function signSsoToken(options: SsoTokenOptions = {}): Promise<string> {
  const iat = options.iat ?? Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({
    ...(options.sub === null ? {} : { sub: options.sub ?? `reader-${randomUUID()}` }),
    ...(options.jti === null ? {} : { jti: options.jti ?? randomUUID() }),
    ...options.claims,
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(options.issuer ?? SSO_TEST_ISSUER)
    .setAudience(options.audience ?? SSO_TEST_AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + (options.lifetime ?? 120));
  return jwt.sign(new TextEncoder().encode(options.secret ?? SSO_TEST_SECRET));
}

/** A token signed with `alg: none` (an unsecured JWT). */
export function unsignedSsoToken(claims: Record<string, unknown>): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({
    iss: SSO_TEST_ISSUER,
    aud: SSO_TEST_AUDIENCE,
    sub: `reader-${randomUUID()}`,
    jti: randomUUID(),
    iat: now,
    exp: now + 60,
    ...claims,
  })}.`;
}
