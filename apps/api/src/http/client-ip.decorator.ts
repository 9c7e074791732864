import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { rateLimitAddress } from './client-address';

/**
 * The client's address for rate limits: the IP express sees (the socket address, or the
 * X-Forwarded-For entry that TRUST_PROXY allows: 'trust proxy' is set from it in
 * app.factory.ts; never read the header itself), with IPv6 reduced to its /64.
 */
export const ClientIp = createParamDecorator((_data: unknown, context: ExecutionContext): string =>
  rateLimitAddress(context.switchToHttp().getRequest<Request>().ip ?? 'unknown'),
);
