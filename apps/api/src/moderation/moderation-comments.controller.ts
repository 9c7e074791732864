import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
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
import { CommentDecisionsService, ModerationQueueService } from '@parley/moderation';
import { CurrentUser } from '../http/current-user.decorator';
import { Roles } from '../http/roles.decorator';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { DecisionView, ModerationQueueView } from './dto/moderated-comment.view';
import { QueueQuery } from './dto/queue.query';
import { ReasonDto } from './dto/reason.dto';
import { RejectDto } from './dto/reject.dto';
import { toDecisionView, toModerationQueueView } from './moderation.mapper';

const NOT_FOUND = 'comment_not_found (unknown or malformed id)';
const DECISION_OK =
  'The comment after the decision; `changed: false` when there was nothing to do (no audit entry then)';
const commentId = () => Param('commentId', new UuidParamPipe('comment_not_found'));

@ApiTags('moderation')
@ApiBearerAuth()
@Roles('moderator')
@Controller('moderation')
@ApiUnauthorizedResponse({ description: 'unauthenticated or token_expired' })
@ApiForbiddenResponse({ description: 'forbidden: moderators and admins only' })
export class ModerationCommentsController {
  constructor(
    private readonly queue: ModerationQueueService,
    private readonly decisions: CommentDecisionsService,
  ) {}

  @Get('queue')
  @ApiOperation({
    summary: 'A work queue, oldest first (keyset-paginated)',
    description:
      '`pending`: pre-moderated and held comments, by creation time. `reported`: comments with open reports, by their oldest open report. Every item carries its open report counts by reason and latest notes.',
  })
  @ApiOkResponse({ type: ModerationQueueView })
  @ApiBadRequestResponse({
    description:
      'validation_failed (type missing or unknown, limit, cursor, articleId, extra parameters)',
  })
  async list(@Query() query: QueueQuery): Promise<ModerationQueueView> {
    return toModerationQueueView(
      await this.queue.list(query.type, {
        articleId: query.articleId,
        cursor: query.cursor,
        limit: query.limit,
      }),
    );
  }

  @Post('comments/:commentId/approve')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Approve: pending → visible, and open reports are cleared (on a visible comment with reports: a "keep" decision)',
  })
  @ApiOkResponse({ type: DecisionView, description: DECISION_OK })
  @ApiBadRequestResponse({
    description: 'validation_failed (reason over 500 characters, extra fields)',
  })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  async approve(
    @CurrentUser() user: AuthUser,
    @commentId() id: string,
    @Body() dto: ReasonDto,
  ): Promise<DecisionView> {
    return toDecisionView(await this.decisions.approve(user.id, id, dto));
  }

  @Post('comments/:commentId/reject')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Reject: visible or pending → removed; open reports are resolved. Shows as a placeholder while it has visible replies.',
  })
  @ApiOkResponse({ type: DecisionView, description: DECISION_OK })
  @ApiBadRequestResponse({
    description: 'validation_failed (unknown code, reason over 500 characters, extra fields)',
  })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  async reject(
    @CurrentUser() user: AuthUser,
    @commentId() id: string,
    @Body() dto: RejectDto,
  ): Promise<DecisionView> {
    return toDecisionView(await this.decisions.reject(user.id, id, dto));
  }

  @Post('comments/:commentId/pin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Pin a top-level comment: it comes first on the first page of every sort',
  })
  @ApiOkResponse({ type: DecisionView, description: DECISION_OK })
  @ApiBadRequestResponse({
    description: 'validation_failed (a reply cannot be pinned; reason; extra fields)',
  })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  @ApiConflictResponse({
    description:
      'conflict: only a visible comment is pinned (not a pending one: approve it first; not a removed one: reinstate it first; not one deleted by its author). Unpin takes any status',
  })
  async pin(
    @CurrentUser() user: AuthUser,
    @commentId() id: string,
    @Body() dto: ReasonDto,
  ): Promise<DecisionView> {
    return toDecisionView(await this.decisions.pin(user.id, id, dto));
  }

  @Post('comments/:commentId/unpin')
  @HttpCode(200)
  @ApiOkResponse({ type: DecisionView, description: DECISION_OK })
  @ApiBadRequestResponse({
    description: 'validation_failed (a reply is never pinned; reason; extra fields)',
  })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  async unpin(
    @CurrentUser() user: AuthUser,
    @commentId() id: string,
    @Body() dto: ReasonDto,
  ): Promise<DecisionView> {
    return toDecisionView(await this.decisions.unpin(user.id, id, dto));
  }
}
