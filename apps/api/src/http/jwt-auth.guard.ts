import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { DomainError } from '@parley/errors';
import { loginRequired } from '@parley/identity';
import type { Request } from 'express';
import {
  LOGIN_CHECK_MAY_BE_RECENT,
  LOGIN_CHECKED_BY_HANDLER,
  markLoginCheckedByHandler,
  markRecentLoginEnough,
} from './login-check.decorator';
import { IS_PUBLIC } from './public.decorator';

/**
 * Every route needs a valid access token unless marked @Public(). A public route still reads a
 * token when one is sent (so that e.g. `likedByMe` can be answered); a bad one is a 401 there too,
 * so that clients learn to refresh instead of silently reading as anonymous.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    const request = context.switchToHttp().getRequest<Request>();
    if (isPublic && !request.headers.authorization) return true;
    if (
      isPublic &&
      (request.method === 'GET' || request.method === 'HEAD') &&
      this.reflector.get<boolean>(LOGIN_CHECK_MAY_BE_RECENT, context.getHandler())
    )
      markRecentLoginEnough(request);
    if (this.reflector.get<boolean>(LOGIN_CHECKED_BY_HANDLER, context.getHandler()))
      markLoginCheckedByHandler(request);
    return super.canActivate(context);
  }

  override handleRequest<TUser>(error: unknown, user: TUser | false, info: unknown): TUser {
    // An error here comes from loading the user (e.g. the database is down), not from the token.
    if (error) throw error;
    if (!user) {
      if (info instanceof Error && info.name === 'TokenExpiredError') {
        throw new DomainError('token_expired', 'The access token has expired; refresh it');
      }
      throw loginRequired();
    }
    return user;
  }
}
