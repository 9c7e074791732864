import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import {
  AccountService,
  AuthService,
  AuthUser,
  PASSWORD_MAX,
  PASSWORD_MIN,
  SessionService,
  SsoSignInService,
} from '@parley/identity';
import { ClientIp } from '../http/client-ip.decorator';
import { CurrentUser } from '../http/current-user.decorator';
import { Public } from '../http/public.decorator';
import { PASSWORD_BUSY } from './password-busy';
import { AccountViewService } from './account-view.service';
import { ChangePasswordDto } from './dto/change-password.dto';
import { LoginDto } from './dto/login.dto';
import { RefreshTokenDto } from './dto/refresh-token.dto';
import { RegisterDto } from './dto/register.dto';
import { SsoSignInDto } from './dto/sso-sign-in.dto';
import { TokenPairView } from './dto/token-pair.view';
import { AuthResponseView } from './dto/user.view';

const LOGIN_LIMITED =
  'rate_limited, with Retry-After: too many failed logins from this client IP (IPv6: its /64), ' +
  'for this email from this client IP, or for this email from everywhere (see the README). Successes never count.';
const REGISTER_LIMITED = 'rate_limited, with Retry-After (registrations per client IP)';

@ApiTags('identity')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionService,
    private readonly accounts: AccountService,
    private readonly views: AccountViewService,
    private readonly sso: SsoSignInService,
  ) {}

  @Public()
  @Post('register')
  @ApiOperation({
    summary: 'Create a reader account and sign in. Unknown fields are refused (400).',
  })
  @ApiCreatedResponse({ type: AuthResponseView })
  @ApiBadRequestResponse({ description: 'validation_failed, invalid_json' })
  @ApiConflictResponse({ description: 'email_taken' })
  @ApiTooManyRequestsResponse({ description: REGISTER_LIMITED })
  @ApiServiceUnavailableResponse({ description: PASSWORD_BUSY })
  async register(@Body() dto: RegisterDto, @ClientIp() ip: string): Promise<AuthResponseView> {
    const { user, tokens } = await this.auth.register(dto, ip);
    return { ...tokens, user: await this.views.build(user) };
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: AuthResponseView })
  @ApiUnauthorizedResponse({
    description: 'invalid_credentials (unknown email and wrong password alike)',
  })
  @ApiTooManyRequestsResponse({ description: LOGIN_LIMITED })
  @ApiServiceUnavailableResponse({ description: PASSWORD_BUSY })
  async login(@Body() dto: LoginDto, @ClientIp() ip: string): Promise<AuthResponseView> {
    const { user, tokens } = await this.auth.login(dto.email, dto.password, ip);
    return { ...tokens, user: await this.views.build(user) };
  }

  @Public()
  @Post('sso')
  @HttpCode(200)
  @ApiOperation({
    summary: "Exchange a publisher's sign-in token for Parley's tokens (publisher SSO)",
    description:
      'The token is a JWT the publisher signs (SSO_SECRET with HS256, or a key of SSO_JWKS_URL with RS256/ES256), ' +
      'with iss = SSO_ISSUER, aud = SSO_AUDIENCE, sub (the reader), a single-use jti, iat and exp at most 300 s apart. ' +
      'The account is linked by (iss, sub), created at the first sign-in and updated from email and name at each; ' +
      'it has no password and its address counts as verified. An address another account holds is not taken over. ' +
      'The optional entitlement claim {commenting: true, until: <unix seconds>, plan} grants posting rights until ' +
      'until (entitlement.source "publisher"); a later token without it withdraws them.',
  })
  @ApiOkResponse({ type: AuthResponseView })
  @ApiBadRequestResponse({
    description: 'validation_failed (token missing, not a string, too long, or other fields)',
  })
  @ApiUnauthorizedResponse({
    description:
      'invalid_token: bad signature, algorithm, issuer or audience; expired or longer-lived than 300 s; no sub or jti; ' +
      'a jti used before; a claim of the wrong shape; the publisher keys could not be fetched',
  })
  @ApiNotFoundResponse({ description: 'not_found: publisher sign-in is not configured' })
  @ApiTooManyRequestsResponse({ description: 'rate_limited, with Retry-After (per client IP)' })
  async ssoSignIn(@Body() dto: SsoSignInDto, @ClientIp() ip: string): Promise<AuthResponseView> {
    const { user, tokens } = await this.sso.signIn(dto.token, ip);
    return { ...tokens, user: await this.views.build(user) };
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Trade a refresh token for a new access token and the next refresh token of the same login',
    description:
      'The token sent is spent. Within REFRESH_REUSE_GRACE_SECONDS (default 10) of that, presenting it again ' +
      '(a second tab, a retry, concurrent refreshes) answers the same pair; after that, presenting a spent token ' +
      'revokes every refresh and access token of that login (reuse detection). A login ends SESSION_MAX_DAYS ' +
      '(default 90) after sign-in.',
  })
  @ApiOkResponse({ type: TokenPairView })
  @ApiUnauthorizedResponse({
    description:
      'unauthenticated: unknown, expired, revoked or reused refresh token, or a login older than SESSION_MAX_DAYS',
  })
  @ApiTooManyRequestsResponse({ description: 'rate_limited, with Retry-After (per client IP)' })
  refresh(@Body() dto: RefreshTokenDto, @ClientIp() ip: string): Promise<TokenPairView> {
    return this.sessions.refresh(dto.refreshToken, ip);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      "Revoke the login of this refresh token (a token that is not the caller's changes nothing and is not reported)",
    description:
      'Every refresh token and every access token of that login stop working at once (access tokens carry their login id).',
  })
  @ApiNoContentResponse()
  @ApiUnauthorizedResponse({ description: 'unauthenticated or token_expired' })
  async logout(@CurrentUser() user: AuthUser, @Body() dto: RefreshTokenDto): Promise<void> {
    await this.sessions.logout(user.id, dto.refreshToken);
  }

  @Post('password')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Change the password',
    description:
      "Every access token issued before is refused from now on, the caller's included, and every login is revoked " +
      'except the one whose refreshToken is sent in the body. The response carries no tokens: the client refreshes ' +
      'with that refresh token, or signs in again.',
  })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({
    description: `validation_failed (newPassword must be ${PASSWORD_MIN}–${PASSWORD_MAX} characters)`,
  })
  @ApiUnauthorizedResponse({
    description:
      'invalid_credentials for a wrong current password; unauthenticated or token_expired',
  })
  @ApiServiceUnavailableResponse({ description: PASSWORD_BUSY })
  async changePassword(
    @CurrentUser() user: AuthUser,
    @Body() dto: ChangePasswordDto,
  ): Promise<void> {
    await this.accounts.changePassword(
      user.id,
      dto.currentPassword,
      dto.newPassword,
      dto.refreshToken,
    );
  }
}
