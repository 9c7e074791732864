export { IdentityModule } from './identity.module';
export { AccessTokenVerifier } from './access-token-verifier.service';
export { AuthService } from './auth.service';
export type { RegisterInput, TokenPair } from './auth.service';
export { SessionService } from './session.service';
export { SessionRetention } from './session-retention.service';
export { EmailVerificationService } from './email-verification.service';
export { ACCOUNT_CHANNEL, PasswordResetService } from './password-reset.service';
export { AccountService } from './account.service';
export { AccountErasureService } from './account-erasure.service';
export type { ErasureProof } from './account-erasure.service';
export { ACCOUNT_ERASURE_STEPS } from './account-erasure';
export type { AccountErasureStep } from './account-erasure';
export { AccountStatusService } from './account-status.service';
export type { SanctionOutcome } from './account-status.service';
export { UserRolesService } from './user-roles.service';
export { UsersService } from './users.service';
export { JWT_ALGORITHM, jwtKeyId, resolveJwtKeys, resolveJwtSecret } from './jwt-secret';
export type { JwtKeys } from './jwt-secret';
export { effectiveStatus, isStaff, loginRequired } from './auth-user';
export { UncheckedLogin } from './unchecked-login';
export {
  DISPLAY_NAME_MAX,
  DISPLAY_NAME_MIN,
  EMAIL_MAX,
  PASSWORD_INPUT_MAX,
  PASSWORD_MAX,
  PASSWORD_MIN,
  TOKEN_MAX,
} from './account-text';
export type { AccessTokenClaims } from './access-token.service';
export type { AccountStatus, AuthUser, Role } from './auth-user';
export type { UserRecord } from './user-record';
export type { FlaggedProfile, PublicProfile } from './user.store';
export { AccountDataService } from './account-data.service';
export type { AccountData } from './account-data.service';
export { SsoSignInService } from './sso-sign-in.service';
export { SsoTokenRetention } from './sso-token-retention.service';
export { SSO_SIGN_IN_STEPS } from './sso-sign-in-step';
export type { SsoSignIn, SsoSignInStep } from './sso-sign-in-step';
export { SSO_TOKEN_MAX, ssoTokenRefused } from './sso-claims';
