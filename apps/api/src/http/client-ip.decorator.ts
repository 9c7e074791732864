import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/**
 * The client's IP as express sees it: the socket address, or the X-Forwarded-For entry that
 * TRUST_PROXY allows ('trust proxy' is set from it in app.factory.ts). Never read the header itself.
 */
export const ClientIp = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string =>
    context.switchToHttp().getRequest<Request>().ip ?? 'unknown',
);
