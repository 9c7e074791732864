import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { UncheckedLogin, type AuthUser } from '@parley/identity';

/** The signed-in user (undefined on a public route called without a token). */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthUser | undefined => {
    const user = context.switchToHttp().getRequest<{ user?: AuthUser | UncheckedLogin }>().user;
    if (user instanceof UncheckedLogin)
      throw new Error('A @LoginCheckedByHandler() route reads its login with @CurrentLogin()');
    return user;
  },
);

/** The token's login on a @LoginCheckedByHandler() route, which the handler checks itself. */
export const CurrentLogin = createParamDecorator(
  (_data: unknown, context: ExecutionContext): UncheckedLogin => {
    const login = context.switchToHttp().getRequest<{ user?: unknown }>().user;
    if (!(login instanceof UncheckedLogin))
      throw new Error('@CurrentLogin() reads the login of a @LoginCheckedByHandler() route only');
    return login;
  },
);
