import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { AuthUser } from '@parley/identity';
import { ModeratorNotesService, UserProfileService } from '@parley/moderation';
import { CurrentUser } from '../http/current-user.decorator';
import { Roles } from '../http/roles.decorator';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { PageQuery } from '../threads/dto/page.query';
import { ModerationQueueView } from './dto/moderated-comment.view';
import { NoteDto } from './dto/note.dto';
import { NoteView } from './dto/note.view';
import { UserProfileView } from './dto/user-profile.view';
import { toModerationQueueView, toNoteView, toUserProfileView } from './moderation.mapper';

const userId = () => Param('userId', new UuidParamPipe('not_found'));

/** The moderator's view of one user: profile, comment history, notes. */
@ApiTags('moderation')
@ApiBearerAuth()
@Roles('moderator')
@Controller('moderation/users/:userId')
@ApiUnauthorizedResponse({ description: 'unauthenticated or token_expired' })
@ApiForbiddenResponse({ description: 'forbidden: moderators and admins only' })
@ApiNotFoundResponse({ description: 'not_found (unknown, erased or malformed id)' })
export class ModerationUserProfileController {
  constructor(
    private readonly profiles: UserProfileService,
    private readonly notes: ModeratorNotesService,
  ) {}

  @Get()
  @ApiOperation({
    summary: "A user's profile for moderators",
    description:
      'Member since, subscriber since and plan, comments by status, reports made and received, sanctions (from the audit log) and notes.',
  })
  @ApiOkResponse({ type: UserProfileView })
  async profile(@userId() id: string): Promise<UserProfileView> {
    return toUserProfileView(await this.profiles.profile(id));
  }

  @Get('comments')
  @ApiOperation({
    summary: 'Every comment of the user, in any status, newest first (keyset-paginated)',
    description:
      'Items in the moderation queue shape (body even while pending or removed, open reports).',
  })
  @ApiOkResponse({ type: ModerationQueueView })
  @ApiBadRequestResponse({ description: 'validation_failed (limit, cursor, extra parameters)' })
  async comments(@userId() id: string, @Query() query: PageQuery): Promise<ModerationQueueView> {
    return toModerationQueueView(
      await this.profiles.commentsOf(id, { cursor: query.cursor, limit: query.limit }),
    );
  }

  @Post('notes')
  @ApiOperation({
    summary: 'Add a note on the user (audited; the audit entry holds the note id, not its text)',
    description:
      "Notes show in the user's profile. Erasing the user deletes them; /me/export does not include them.",
  })
  @ApiCreatedResponse({ type: NoteView })
  @ApiBadRequestResponse({
    description:
      'validation_failed (note missing, not a string, blank, over 2000 characters after trimming, U+0000; extra fields)',
  })
  async addNote(
    @CurrentUser() user: AuthUser,
    @userId() id: string,
    @Body() dto: NoteDto,
  ): Promise<NoteView> {
    return toNoteView(await this.notes.add(user.id, id, dto.note));
  }
}
