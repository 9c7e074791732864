import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { AuthUser } from '@parley/identity';
import { AuditLogStore } from '@parley/audit';
import { BannedWordsService } from '@parley/moderation';
import { CurrentUser } from '../http/current-user.decorator';
import { Roles } from '../http/roles.decorator';
import { PageQuery } from '../threads/dto/page.query';
import { AuditPageView } from './dto/audit-entry.view';
import { BannedWordsDto } from './dto/banned-words.dto';
import { BannedWordsView } from './dto/banned-words.view';
import { toAuditPageView } from './moderation.mapper';

@ApiTags('moderation')
@ApiBearerAuth()
@Roles('moderator')
@Controller('moderation')
@ApiUnauthorizedResponse({ description: 'unauthenticated or token_expired' })
@ApiForbiddenResponse({ description: 'forbidden: moderators and admins only' })
export class ModerationPolicyController {
  constructor(
    private readonly bannedWords: BannedWordsService,
    private readonly audit: AuditLogStore,
  ) {}

  @Get('banned-words')
  @ApiOkResponse({ type: BannedWordsView })
  async words(): Promise<BannedWordsView> {
    return { words: await this.bannedWords.list() };
  }

  @Put('banned-words')
  @ApiOperation({
    summary: 'Replace the banned-word list',
    description:
      'From the next post on, a new or edited comment holding one of the words (whole word, case-insensitive) is held as `pending`. Comments already posted are not re-checked.',
  })
  @ApiOkResponse({ type: BannedWordsView })
  @ApiBadRequestResponse({
    description:
      'validation_failed (not an array of strings, more than 1000 words, a word empty or over 100 characters after trimming, extra fields)',
  })
  async replaceWords(
    @CurrentUser() user: AuthUser,
    @Body() dto: BannedWordsDto,
  ): Promise<BannedWordsView> {
    return this.bannedWords.replace(user.id, dto.words);
  }

  @Get('actions')
  @ApiOperation({
    summary: 'The audit log, newest first (keyset-paginated)',
    description:
      'One entry per effective moderation or admin action: who (actor id), what (action), on what (target), why (reasonCode, reason), when. Append-only.',
  })
  @ApiOkResponse({ type: AuditPageView })
  @ApiBadRequestResponse({ description: 'validation_failed (limit, cursor, extra parameters)' })
  async actions(@Query() query: PageQuery): Promise<AuditPageView> {
    return toAuditPageView(await this.audit.list(query));
  }
}
