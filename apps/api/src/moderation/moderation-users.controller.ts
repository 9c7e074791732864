import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { AuthUser } from '@parley/identity';
import { AccountSanctionsService, ModerationPolicyService } from '@parley/moderation';
import { CurrentUser } from '../http/current-user.decorator';
import { Roles } from '../http/roles.decorator';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { BanDto } from './dto/ban.dto';
import { PremoderateDto, PremoderationView } from './dto/premoderate.dto';
import { ReasonDto } from './dto/reason.dto';
import { SanctionView } from './dto/sanction.view';
import { SuspendDto } from './dto/suspend.dto';
import { toSanctionView } from './moderation.mapper';

const userId = () => Param('userId', new UuidParamPipe('not_found'));
const BITES =
  "Takes effect on the user's next request: posting answers 403 user_banned / user_suspended.";

@ApiTags('moderation')
@ApiBearerAuth()
@Roles('moderator')
@Controller('moderation/users/:userId')
@ApiUnauthorizedResponse({ description: 'unauthenticated or token_expired' })
@ApiForbiddenResponse({
  description:
    'forbidden: moderators and admins only; staff accounts (the caller included) cannot be sanctioned',
})
@ApiNotFoundResponse({ description: 'not_found (unknown, erased or malformed id)' })
@ApiOkResponse({
  type: SanctionView,
  description: '`changed: false` when the account was so already (no audit entry then)',
})
export class ModerationUsersController {
  constructor(
    private readonly sanctions: AccountSanctionsService,
    private readonly policies: ModerationPolicyService,
  ) {}

  @Post('suspend')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Suspend until a time (replaces an earlier suspension, never a ban)',
    description: BITES,
  })
  @ApiConflictResponse({
    description:
      'conflict: the user is banned; unban first (a suspension would turn the ban into one that ends). Nothing changes, nothing is audited',
  })
  @ApiBadRequestResponse({
    description:
      'validation_failed (until missing, not ISO-8601, not in the future or more than 3650 days ahead; reason; extra fields)',
  })
  async suspend(
    @CurrentUser() user: AuthUser,
    @userId() id: string,
    @Body() dto: SuspendDto,
  ): Promise<SanctionView> {
    return toSanctionView(
      await this.sanctions.suspend(user.id, id, { until: new Date(dto.until), reason: dto.reason }),
    );
  }

  @Post('ban')
  @HttpCode(200)
  @ApiOperation({
    summary: "Ban, optionally removing all the user's visible and pending comments at once",
    description: BITES,
  })
  @ApiBadRequestResponse({
    description: 'validation_failed (reason, removeComments not a boolean, extra fields)',
  })
  async ban(
    @CurrentUser() user: AuthUser,
    @userId() id: string,
    @Body() dto: BanDto,
  ): Promise<SanctionView> {
    return toSanctionView(await this.sanctions.ban(user.id, id, dto));
  }

  @Post('unban')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Lift a ban or a suspension',
    description: 'Removed comments stay removed.',
  })
  @ApiBadRequestResponse({ description: 'validation_failed (reason, extra fields)' })
  async unban(
    @CurrentUser() user: AuthUser,
    @userId() id: string,
    @Body() dto: ReasonDto,
  ): Promise<SanctionView> {
    return toSanctionView(await this.sanctions.unban(user.id, id, dto));
  }

  @Post('premoderate')
  @HttpCode(200)
  @ApiOperation({
    summary: "Turn a user's pre-moderation on or off",
    description:
      'While on, every new comment of the user waits as pending (hold reason `user_premoderated`). Audited (`user.premoderate`) when it changes.',
  })
  @ApiOkResponse({ type: PremoderationView })
  @ApiBadRequestResponse({ description: 'validation_failed (enabled not a boolean, extra fields)' })
  async premoderate(
    @CurrentUser() user: AuthUser,
    @userId() id: string,
    @Body() dto: PremoderateDto,
  ): Promise<PremoderationView> {
    return this.policies.setUserPremoderated(user.id, id, dto.enabled);
  }
}
