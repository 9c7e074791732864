import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AuditModule } from '@parley/audit';
import { AppConfig } from '@parley/config';
import { OutboxModule } from '@parley/outbox';
import { AccessTokenService } from './access-token.service';
import { AccountDataService } from './account-data.service';
import { AccountStatusService } from './account-status.service';
import { AccountService } from './account.service';
import { AdminBootstrapService } from './admin-bootstrap.service';
import { AuthRateLimits } from './auth-rate-limits.service';
import { AuthService } from './auth.service';
import { JWT_ALGORITHM, resolveJwtKeys } from './jwt-secret';
import { AccessTokenVerifier } from './access-token-verifier.service';
import { EmailTokenStore } from './email-token.store';
import { EmailVerificationService } from './email-verification.service';
import { LoginSessionStore } from './login-session.store';
import { PasswordResetService } from './password-reset.service';
import { PasswordHasher } from './password-hasher.service';
import { RefreshTokenService } from './refresh-token.service';
import { SessionService } from './session.service';
import { SessionRetention } from './session-retention.service';
import { SsoAccounts } from './sso-accounts.service';
import { SsoIdentityStore } from './sso-identity.store';
import { SsoTokenRetention } from './sso-token-retention.service';
import { SsoTokenUseStore } from './sso-token-use.store';
import { SsoTokenVerifier } from './sso-token-verifier.service';
import { UserRolesService } from './user-roles.service';
import { UserStore } from './user.store';
import { UsersService } from './users.service';

@Module({
  imports: [
    AuditModule,
    OutboxModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: ({ values }: AppConfig) => {
        const { current } = resolveJwtKeys(values);
        return {
          secret: current.secret,
          signOptions: {
            algorithm: JWT_ALGORITHM,
            // Verification picks the key by id, so JWT_PREVIOUS_SECRETS cost nothing per request.
            keyid: current.id,
            expiresIn: values.JWT_ACCESS_TTL_SECONDS,
            issuer: values.JWT_ISSUER,
            audience: values.JWT_AUDIENCE,
          },
          verifyOptions: {
            algorithms: [JWT_ALGORITHM],
            issuer: values.JWT_ISSUER,
            audience: values.JWT_AUDIENCE,
          },
        };
      },
    }),
  ],
  providers: [
    AccessTokenVerifier,
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
    SessionRetention,
    EmailTokenStore,
    EmailVerificationService,
    PasswordResetService,
    AccountDataService,
    UserStore,
    LoginSessionStore,
    SsoTokenVerifier,
    SsoAccounts,
    SsoTokenRetention,
    SsoIdentityStore,
    SsoTokenUseStore,
  ],
  // AccountService is exported for AccountErasureService too, which the application provides
  // together with its ACCOUNT_ERASURE_STEPS.
  exports: [
    AccessTokenVerifier,
    AuthService,
    SessionService,
    AccountService,
    AccountStatusService,
    UserRolesService,
    UsersService,
    SessionRetention,
    EmailVerificationService,
    PasswordResetService,
    AccountDataService,
    JwtModule,
    // For SsoSignInService, which the application provides together with its SSO_SIGN_IN_STEPS.
    SsoTokenVerifier,
    SsoAccounts,
    SsoTokenUseStore,
    AuthRateLimits,
    SsoTokenRetention,
  ],
})
export class IdentityModule {}
