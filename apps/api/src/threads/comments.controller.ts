import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiNotModifiedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { AuthUser, UncheckedLogin } from '@parley/identity';
import {
  CommentEditingService,
  CommentReactionsService,
  CommentReadingService,
} from '@parley/threads';
import type { Request, Response } from 'express';
import { AnonymousHttpCache } from './anonymous-http-cache.service';
import { CurrentLogin, CurrentUser } from '../http/current-user.decorator';
import { LoginCheckedByHandler, LoginCheckMayBeRecent } from '../http/login-check.decorator';
import { Public } from '../http/public.decorator';
import { CommentPageView, CommentView } from './dto/comment.view';
import { EditCommentDto } from './dto/edit-comment.dto';
import { PageQuery } from './dto/page.query';
import { ReportDto } from './dto/report.dto';
import { ReportView } from './dto/report.view';
import { toCommentPageView, toCommentView, toReportView } from './threads.mapper';

const CACHING =
  "Anonymous answers are `public` with an ETag (If-None-Match: 304) and name the comment's article in `Surrogate-Key`/`Cache-Tag`; with a token, `private, no-store`.";

const NOT_FOUND =
  'comment_not_found (unknown or malformed id, or a comment the caller may not see)';

@ApiTags('comments')
@Controller('comments/:commentId')
export class CommentsController {
  constructor(
    private readonly reading: CommentReadingService,
    private readonly editing: CommentEditingService,
    private readonly reactions: CommentReactionsService,
    private readonly httpCache: AnonymousHttpCache,
  ) {}

  @Public()
  @LoginCheckMayBeRecent()
  @Get()
  @ApiOperation({ summary: 'One comment', description: CACHING })
  @ApiOkResponse({ type: CommentView })
  @ApiNotModifiedResponse({ description: 'Not modified (If-None-Match holds the current ETag)' })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  async one(
    @Param('commentId') commentId: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @CurrentUser() user?: AuthUser,
  ): Promise<CommentView | undefined> {
    const articleOf = () => this.reading.articleOf(commentId);
    if (await this.httpCache.notModified(req, res, articleOf, `comment:${commentId}`))
      return undefined;
    return toCommentView(await this.reading.one(commentId, user));
  }

  @Public()
  @LoginCheckMayBeRecent()
  @Get('replies')
  @ApiOperation({
    summary: 'Direct replies, oldest first (keyset-paginated)',
    description: CACHING,
  })
  @ApiOkResponse({ type: CommentPageView })
  @ApiNotModifiedResponse({ description: 'Not modified (If-None-Match holds the current ETag)' })
  @ApiBadRequestResponse({ description: 'validation_failed (limit, cursor)' })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  async replies(
    @Param('commentId') commentId: string,
    @Query() query: PageQuery,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @CurrentUser() user?: AuthUser,
  ): Promise<CommentPageView | undefined> {
    const variant = `replies:${commentId}:${query.limit}:${query.cursor ?? ''}`;
    const articleOf = () => this.reading.articleOf(commentId);
    if (await this.httpCache.notModified(req, res, articleOf, variant)) return undefined;
    return toCommentPageView(await this.reading.replies(commentId, query, user));
  }

  @Patch()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Edit a comment (its author, within COMMENT_EDIT_WINDOW_SECONDS)',
    description:
      'The previous text is kept as a revision. An edit that adds a banned word sends a visible comment back to `pending`. Closed articles refuse edits.',
  })
  @ApiBody({ type: EditCommentDto })
  @ApiOkResponse({ type: CommentView })
  @ApiBadRequestResponse({
    description: 'validation_failed; banned_word (a refused word, not named)',
  })
  @ApiUnauthorizedResponse({ description: 'unauthenticated' })
  @ApiTooManyRequestsResponse({
    description: 'rate_limited (COMMENT_EDIT_RATE_LIMIT_PER_MINUTE per user), with Retry-After',
  })
  @ApiForbiddenResponse({
    description: 'user_banned, user_suspended, not_author, edit_window_passed, comments_closed',
  })
  @ApiNotFoundResponse({ description: `${NOT_FOUND}; deleted or removed comments` })
  async edit(
    @CurrentUser() user: AuthUser,
    @Param('commentId') commentId: string,
    @Body() body: unknown,
  ): Promise<CommentView> {
    return toCommentView(await this.editing.edit(user, commentId, body));
  }

  @Delete()
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Soft-delete a comment (its author); repeating it is a 204 too' })
  @ApiNoContentResponse()
  @ApiUnauthorizedResponse({ description: 'unauthenticated' })
  @ApiForbiddenResponse({ description: 'not_author' })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  async delete(
    @CurrentUser() user: AuthUser,
    @Param('commentId') commentId: string,
  ): Promise<void> {
    await this.editing.delete(user, commentId);
  }

  @Put('like')
  @LoginCheckedByHandler()
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'Liked (idempotent)' })
  @ApiUnauthorizedResponse({ description: 'unauthenticated' })
  @ApiTooManyRequestsResponse({
    description:
      'rate_limited (LIKE_RATE_LIMIT_PER_MINUTE per user, likes and unlikes together), with Retry-After',
  })
  @ApiForbiddenResponse({
    description: 'user_banned, user_suspended, comments_closed, subscription_required',
  })
  @ApiNotFoundResponse({ description: `${NOT_FOUND}; only visible comments can be liked` })
  async like(
    @CurrentLogin() login: UncheckedLogin,
    @Param('commentId') commentId: string,
  ): Promise<void> {
    await this.reactions.like(login, commentId);
  }

  @Delete('like')
  @LoginCheckedByHandler()
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'Not liked (idempotent)' })
  @ApiUnauthorizedResponse({ description: 'unauthenticated' })
  @ApiTooManyRequestsResponse({
    description:
      'rate_limited (LIKE_RATE_LIMIT_PER_MINUTE per user, likes and unlikes together), with Retry-After',
  })
  @ApiForbiddenResponse({
    description: 'user_banned, user_suspended, comments_closed, subscription_required',
  })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  async unlike(
    @CurrentLogin() login: UncheckedLogin,
    @Param('commentId') commentId: string,
  ): Promise<void> {
    await this.reactions.unlike(login, commentId);
  }

  @Post('reports')
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Report a comment; a second report by the same user answers 200 with the first, counted once',
  })
  @ApiCreatedResponse({ type: ReportView })
  @ApiOkResponse({ type: ReportView, description: 'Already reported by this user' })
  @ApiBadRequestResponse({
    description: 'validation_failed (reason, note over 500 characters, extra fields)',
  })
  @ApiUnauthorizedResponse({ description: 'unauthenticated' })
  @ApiTooManyRequestsResponse({
    description: 'rate_limited (REPORT_RATE_LIMIT_PER_MINUTE per user), with Retry-After',
  })
  @ApiForbiddenResponse({ description: 'user_banned, user_suspended, comments_closed' })
  @ApiNotFoundResponse({ description: `${NOT_FOUND}; only visible comments can be reported` })
  async report(
    @CurrentUser() user: AuthUser,
    @Param('commentId') commentId: string,
    @Body() dto: ReportDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ReportView> {
    const { created, report } = await this.reactions.report(
      user,
      commentId,
      dto.reason,
      dto.note ?? null,
    );
    res.status(created ? 201 : 200);
    return toReportView(report);
  }
}
