import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { PassportStrategy } from '@nestjs/passport';
import { AccessTokenClaims, AccessTokenVerifier, AuthUser, UncheckedLogin } from '@parley/identity';
import type { Request } from 'express';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { loginCheckedByHandler, recentLoginEnough } from './login-check.decorator';

const OWN_STRATEGY = 'parley.jwtStrategy';

type PassportSelf = Record<'success' | 'fail' | 'error' | 'pass', unknown>;

/**
 * Verifies the access token (HS256 only, issuer and audience pinned, the key its `kid` names) and
 * loads its user (on a @LoginCheckedByHandler() route, its UncheckedLogin: the handler reads the
 * user in its own first statement). Passport keeps one strategy per name for the whole process,
 * so with several applications in one process (specs, each with its own secrets and database) the
 * last one registered would verify everyone's requests: each request is therefore handed to the
 * strategy of the application that received it, which registers itself on its own Express
 * instance.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') implements OnModuleInit {
  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly adapterHost: HttpAdapterHost,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKeyProvider: (_request: Request, token: string, done: KeyCallback) =>
        // jsonwebtoken 9 takes a KeyObject, though the typings only admit string | Buffer.
        done(null, verifier.keyFor(token) as unknown as Buffer),
      algorithms: verifier.algorithms,
      issuer: verifier.issuer,
      audience: verifier.audience,
      ignoreExpiration: false,
      passReqToCallback: true,
    });
  }

  onModuleInit(): void {
    const express = this.adapterHost.httpAdapter?.getInstance<{ locals?: object }>();
    if (express?.locals) Object.assign(express.locals, { [OWN_STRATEGY]: this });
  }

  override authenticate(request: Request, options?: object): void {
    const own = (request.app?.locals as Record<string, unknown> | undefined)?.[OWN_STRATEGY];
    if (!(own instanceof JwtStrategy) || own === Object.getPrototypeOf(this))
      return super.authenticate(request, options);
    // Passport made `this` from the registered strategy and gave it this request's callbacks.
    const self = this as unknown as PassportSelf;
    const delegate = Object.assign(Object.create(own) as PassportSelf, {
      success: self.success,
      fail: self.fail,
      error: self.error,
      pass: self.pass,
    });
    Strategy.prototype.authenticate.call(delegate, request, options);
  }

  async validate(
    request: Request,
    claims: Partial<AccessTokenClaims>,
  ): Promise<AuthUser | UncheckedLogin | false> {
    if (loginCheckedByHandler(request)) return this.verifier.loginOf(claims) ?? false;
    return (await this.verifier.userOf(claims, recentLoginEnough(request))) ?? false;
  }
}

type KeyCallback = (error: Error | null, key?: string | Buffer) => void;
