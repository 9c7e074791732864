import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
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
import { BulkDecisionsService, CommentDecisionsService } from '@parley/moderation';
import { AuthorHistoryService } from '@parley/threads';
import { CurrentUser } from '../http/current-user.decorator';
import { Roles } from '../http/roles.decorator';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { BulkDecisionDto } from './dto/bulk-decision.dto';
import { BulkResultView } from './dto/bulk-result.view';
import { DecisionView } from './dto/moderated-comment.view';
import { ReasonDto } from './dto/reason.dto';
import { RevisionsView } from './dto/revisions.view';
import { toDecisionView, toRevisionsView } from './moderation.mapper';

const NOT_FOUND = 'comment_not_found (unknown or malformed id)';
const commentId = () => Param('commentId', new UuidParamPipe('comment_not_found'));

/** Tools on comments beside the single decisions: revisions, reinstating, bulk decisions. */
@ApiTags('moderation')
@ApiBearerAuth()
@Roles('moderator')
@Controller('moderation/comments')
@ApiUnauthorizedResponse({ description: 'unauthenticated or token_expired' })
@ApiForbiddenResponse({ description: 'forbidden: moderators and admins only' })
export class ModerationCommentToolsController {
  constructor(
    private readonly history: AuthorHistoryService,
    private readonly decisions: CommentDecisionsService,
    private readonly bulk: BulkDecisionsService,
  ) {}

  @Get(':commentId/revisions')
  @ApiOperation({ summary: "A comment's earlier texts, oldest first" })
  @ApiOkResponse({ type: RevisionsView })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  async revisions(@commentId() id: string): Promise<RevisionsView> {
    return toRevisionsView(await this.history.revisionsOf(id));
  }

  @Post(':commentId/reinstate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Reinstate a removed (rejected or banned-away) comment: removed → visible',
    description:
      'Counted again on its article and parent at once. A visible comment answers `changed: false` (a repeat; no audit entry).',
  })
  @ApiOkResponse({
    type: DecisionView,
    description: 'The comment after the decision; `changed: false` when it was visible already',
  })
  @ApiBadRequestResponse({
    description: 'validation_failed (reason over 500 characters, extra fields)',
  })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  @ApiConflictResponse({
    description: 'conflict: a pending comment (approve it instead) or one deleted by its author',
  })
  async reinstate(
    @CurrentUser() user: AuthUser,
    @commentId() id: string,
    @Body() dto: ReasonDto,
  ): Promise<DecisionView> {
    return toDecisionView(await this.decisions.reinstate(user.id, id, dto));
  }

  @Post('bulk')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Approve or reject up to 100 comments, each as the single route does',
    description:
      'Each comment is decided in its own transaction and audited once when it changed. Unknown ids answer `changed: false` with `error: comment_not_found`; the others are still decided.',
  })
  @ApiOkResponse({ type: BulkResultView })
  @ApiBadRequestResponse({
    description:
      'validation_failed (action, ids missing, empty, over 100 or not uuids, code unknown or given with approve, reason over 500 characters, extra fields)',
  })
  async decide(
    @CurrentUser() user: AuthUser,
    @Body() dto: BulkDecisionDto,
  ): Promise<BulkResultView> {
    return { results: await this.bulk.decide(user.id, dto) };
  }
}
