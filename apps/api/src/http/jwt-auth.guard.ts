import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccessTokenVerifier, AuthUser } from '@parley/identity';
import type { Request } from 'express';
import { IS_PUBLIC } from './public.decorator';

/**
 * Every route needs a valid access token unless marked @Public(). A public route still reads a
 * token when one is sent (so that e.g. `likedByMe` can be answered); a bad one is a 401 there too,
 * so that clients learn to refresh instead of silently reading as anonymous. Errors from loading
 * the user (e.g. the database is down) pass through as they are.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: AccessTokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    const request = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    if (isPublic && !request.headers.authorization) return true;
    request.user = await this.verifier.authenticate(request.headers.authorization);
    return true;
  }
}
