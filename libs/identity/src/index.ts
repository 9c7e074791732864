export { IdentityModule, JWT_ALGORITHM } from './identity.module';
export { AuthService } from './auth.service';
export type { RegisterInput, TokenPair } from './auth.service';
export { UsersService } from './users.service';
export { resolveJwtSecret } from './jwt-secret';
export { effectiveStatus, isStaff } from './auth-user';
export type { AccessTokenClaims } from './access-token.service';
export type { AccountStatus, AuthUser, Role } from './auth-user';
