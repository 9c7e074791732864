import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { AuthUser } from '@parley/identity';

/** The signed-in user (undefined on a public route called without a token). */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthUser | undefined =>
    context.switchToHttp().getRequest<{ user?: AuthUser }>().user,
);
