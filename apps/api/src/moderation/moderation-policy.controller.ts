import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { AuthUser } from '@parley/identity';
import { AuditLogStore } from '@parley/audit';
import { BannedWordsService, ModerationPolicyService } from '@parley/moderation';
import { CurrentUser } from '../http/current-user.decorator';
import { Roles } from '../http/roles.decorator';
import { PageQuery } from '../threads/dto/page.query';
import { AuditPageView } from './dto/audit-entry.view';
import { BannedWordEntryDto, BannedWordsDto } from './dto/banned-words.dto';
import { BannedWordsView } from './dto/banned-words.view';
import { PolicyDto, PolicyView } from './dto/policy.dto';
import { toAuditPageView } from './moderation.mapper';

@ApiTags('moderation')
@ApiExtraModels(BannedWordEntryDto)
@ApiBearerAuth()
@Roles('moderator')
@Controller('moderation')
@ApiUnauthorizedResponse({ description: 'unauthenticated or token_expired' })
@ApiForbiddenResponse({ description: 'forbidden: moderators and admins only' })
export class ModerationPolicyController {
  constructor(
    private readonly bannedWords: BannedWordsService,
    private readonly audit: AuditLogStore,
    private readonly policies: ModerationPolicyService,
  ) {}

  @Get('banned-words')
  @ApiOkResponse({ type: BannedWordsView })
  async words(): Promise<BannedWordsView> {
    const entries = await this.bannedWords.list();
    return { words: entries.map((entry) => entry.word), entries };
  }

  @Put('banned-words')
  @ApiOperation({
    summary: 'Replace the banned-word list',
    description:
      'From the next post on, a new or edited comment holding one of the words (whole word; case (ß as ss), width, accents, look-alike characters and invisible characters such as zero-width spaces and soft hyphens folded; `*` a wildcard) is held as `pending` (hold entries, reason `banned_word`) or refused with 400 `banned_word` (refuse entries; the message does not name the word). Plain strings are hold entries. Comments already posted are not re-checked.',
  })
  @ApiOkResponse({ type: BannedWordsView })
  @ApiBadRequestResponse({
    description:
      'validation_failed (not an array of words or {word, action} entries, more than 1000 entries, a word empty, only wildcards or over 100 characters after trimming, an unknown action, extra fields)',
  })
  async replaceWords(
    @CurrentUser() user: AuthUser,
    @Body() dto: BannedWordsDto,
  ): Promise<BannedWordsView> {
    const { entries, changed } = await this.bannedWords.replace(user.id, dto.words);
    return { words: entries.map((entry) => entry.word), entries, changed };
  }

  @Get('policy')
  @ApiOperation({
    summary: 'The site posting policy (moderators and admins may read it)',
    description:
      'newCommenterPremoderation, holdLinks and surgeCommentsPerMinute, as the posting rules apply them (0 / false: off).',
  })
  @ApiOkResponse({ type: PolicyView })
  async policy(): Promise<PolicyView> {
    return this.policies.get();
  }

  @Put('policy')
  @Roles('admin')
  @ApiOperation({
    summary: 'Change the site posting policy (admins)',
    description:
      'Sets the fields given (the others keep their value); applies from the next post on, on every instance. A change is audited (`policy.update`, each field from and to).',
  })
  @ApiOkResponse({ type: PolicyView })
  @ApiBadRequestResponse({
    description:
      'validation_failed (newCommenterPremoderation not 0–1000, holdLinks not a boolean, surgeCommentsPerMinute not 0–100000, extra fields)',
  })
  @ApiForbiddenResponse({ description: 'forbidden: admins only' })
  async updatePolicy(@CurrentUser() user: AuthUser, @Body() dto: PolicyDto): Promise<PolicyView> {
    const { policy, changed } = await this.policies.update(user.id, dto);
    return { ...policy, changed };
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
