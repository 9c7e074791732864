import type { INestApplication } from '@nestjs/common';

/** A browser may cache a preflight's answer this long (seconds). */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * CORS for the publisher pages listed in CORS_ORIGINS (the widget calls the API from them). The
 * API authenticates with bearer tokens, never cookies, so no credentials are granted; an origin
 * not listed gets no CORS header at all, which browsers treat as a refusal. Answers vary by
 * Origin, so a shared cache never hands one site's grant to another.
 */
export function configureCors(app: INestApplication, origins: string[]): void {
  const allowed = new Set(origins);
  app.enableCors({
    origin: (origin: string | undefined, grant: (error: Error | null, allow: boolean) => void) =>
      grant(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: [
      'Authorization',
      'Content-Type',
      'Idempotency-Key',
      'If-None-Match',
      'X-Request-Id',
    ],
    exposedHeaders: ['ETag', 'Retry-After', 'X-Request-Id'],
    credentials: false,
    maxAge: PREFLIGHT_MAX_AGE_SECONDS,
  });
}
