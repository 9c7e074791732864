import { Body, Controller, Delete, Get, HttpCode, Patch } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AccountErasureService, AuthUser } from '@parley/identity';
import { CurrentUser } from '../http/current-user.decorator';
import { AccountExportService } from './account-export.service';
import { AccountViewService } from './account-view.service';
import { EraseAccountDto } from './dto/erase-account.dto';
import { UpdateMeDto } from './dto/update-me.dto';
import { UserView } from './dto/user.view';
import { PASSWORD_BUSY } from './password-busy';

const UNAUTHENTICATED = 'unauthenticated or token_expired';

/** The signed-in account. Banned and suspended users may use all of it: only posting is refused to them. */
@ApiTags('identity')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(
    private readonly views: AccountViewService,
    private readonly erasure: AccountErasureService,
    private readonly exports: AccountExportService,
  ) {}

  @Get()
  @ApiOkResponse({ type: UserView })
  @ApiUnauthorizedResponse({ description: UNAUTHENTICATED })
  me(@CurrentUser() user: AuthUser): Promise<UserView> {
    return this.views.forUser(user.id);
  }

  @Get('export')
  @ApiOperation({
    summary: 'Everything stored about the account, as JSON (a data access request)',
    description:
      'profile, comments (every status, with earlier revisions), reports made, likes, sessions (one per login, ' +
      'no tokens), subscription (the entitlement and its subscription), notification preferences.',
  })
  @ApiOkResponse({ description: 'The export', schema: { type: 'object' } })
  @ApiUnauthorizedResponse({ description: UNAUTHENTICATED })
  export(@CurrentUser() user: AuthUser): Promise<Record<string, unknown>> {
    return this.exports.exportOf(user.id);
  }

  @Patch()
  @ApiOperation({ summary: 'Change the display name' })
  @ApiOkResponse({ type: UserView })
  @ApiBadRequestResponse({ description: 'validation_failed' })
  @ApiUnauthorizedResponse({ description: UNAUTHENTICATED })
  @ApiTooManyRequestsResponse({
    description: 'rate_limited (PROFILE_RATE_LIMIT_PER_MINUTE per user), with Retry-After',
  })
  update(@CurrentUser() user: AuthUser, @Body() dto: UpdateMeDto): Promise<UserView> {
    return this.views.updateDisplayName(user.id, dto.displayName);
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Erase the account',
    description:
      'Removes the email, name and password for good, cancels the Stripe subscription and takes the comments out ' +
      'of public view. Every token of the account stops working; the email may be registered again. An account that ' +
      'signs in through its publisher (POST /auth/sso, no password) confirms with `ssoToken`, a new publisher token, ' +
      'instead of `password`; its link to the publisher account goes too.',
  })
  @ApiNoContentResponse()
  @ApiUnauthorizedResponse({
    description: `invalid_credentials for a wrong password or a publisher token of another reader; invalid_token for a publisher token refused as at POST /auth/sso; ${UNAUTHENTICATED}`,
  })
  @ApiServiceUnavailableResponse({ description: PASSWORD_BUSY })
  async erase(@CurrentUser() user: AuthUser, @Body() dto: EraseAccountDto): Promise<void> {
    await this.erasure.erase(
      user.id,
      dto.ssoToken !== undefined ? { ssoToken: dto.ssoToken } : { password: dto.password ?? '' },
    );
  }
}
