import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig } from '@parley/config';
import { OutboxModule } from '@parley/outbox';
import { AccessTokenService } from './access-token.service';
import { AccountDataService } from './account-data.service';
import { AccountStatusService } from './account-status.service';
import { AccountService } from './account.service';
import { AdminBootstrapService } from './admin-bootstrap.service';
import { AuthRateLimits } from './auth-rate-limits.service';
import { AuthService } from './auth.service';
import { EmailTokenStore } from './email-token.store';
import { EmailVerificationService } from './email-verification.service';
import { PasswordResetService } from './password-reset.service';
import { resolveJwtSecret } from './jwt-secret';
import { PasswordHasher } from './password-hasher.service';
import { RefreshTokenService } from './refresh-token.service';
import { SessionService } from './session.service';
import { UserRolesService } from './user-roles.service';
import { UsersService } from './users.service';

export const JWT_ALGORITHM = 'HS256' as const;

@Module({
  imports: [
    OutboxModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: ({ values }: AppConfig) => ({
        secret: resolveJwtSecret(values),
        signOptions: {
          algorithm: JWT_ALGORITHM,
          expiresIn: values.JWT_ACCESS_TTL_SECONDS,
          issuer: values.JWT_ISSUER,
          audience: values.JWT_AUDIENCE,
        },
        verifyOptions: {
          algorithms: [JWT_ALGORITHM],
          issuer: values.JWT_ISSUER,
          audience: values.JWT_AUDIENCE,
        },
      }),
    }),
  ],
  providers: [
    AuthService,
    SessionService,
    AccountService,
    AccountStatusService,
    UserRolesService,
    UsersService,
    PasswordHasher,
    AccessTokenService,
    RefreshTokenService,
    AuthRateLimits,
    AdminBootstrapService,
    EmailTokenStore,
    EmailVerificationService,
    PasswordResetService,
    AccountDataService,
  ],
  // RefreshTokenService is exported for AccountErasureService, which the application provides
  // together with its ACCOUNT_ERASURE_STEPS.
  exports: [
    AuthService,
    SessionService,
    AccountService,
    AccountStatusService,
    UserRolesService,
    UsersService,
    RefreshTokenService,
    EmailVerificationService,
    PasswordResetService,
    AccountDataService,
    JwtModule,
  ],
})
export class IdentityModule {}
