import { Body, Controller, Get, Headers, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotModifiedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { AuthUser, UncheckedLogin } from '@parley/identity';
import {
  CommentPostingService,
  CommentReadingService,
  IDEMPOTENCY_KEY_RULE,
} from '@parley/threads';
import { CurrentLogin, CurrentUser } from '../http/current-user.decorator';
import { LoginCheckedByHandler, LoginCheckMayBeRecent } from '../http/login-check.decorator';
import { Public } from '../http/public.decorator';
import { CommentPageView, CommentView } from './dto/comment.view';
import { CreateCommentDto } from './dto/create-comment.dto';
import { ListCommentsQuery } from './dto/list-comments.query';
import type { Request, Response } from 'express';
import { AnonymousFastPath } from './anonymous-fast-path.service';
import { AnonymousHttpCache } from './anonymous-http-cache.service';
import { renderCommentPage, toCommentView } from './threads.mapper';

@ApiTags('comments')
@Controller('articles/:articleId/comments')
export class ArticleCommentsController {
  constructor(
    private readonly reading: CommentReadingService,
    private readonly posting: CommentPostingService,
    private readonly httpCache: AnonymousHttpCache,
    private readonly fastPath: AnonymousFastPath,
  ) {}

  @Public()
  @LoginCheckMayBeRecent()
  @Get()
  @ApiOperation({
    summary: 'Top-level comments of an article',
    description:
      'Keyset-paginated. Pinned comments come first on the first page (in addition to `limit` others) and never on later pages. ' +
      'Pending comments are shown only to their author and staff; deleted/removed ones only as placeholders while they have visible replies. ' +
      'The first page for readers without a token may be served from a cache: a new comment, like, edit, delete or moderation decision ' +
      'shows on the next request; author names and badges may lag by up to CACHE_TTL_MS (default 2 s). ' +
      'Anonymous answers are `public` with an ETag (If-None-Match: 304), `Surrogate-Key`/`Cache-Tag` naming the article(s); with a token, `private, no-store` (see the README, Behind a CDN).',
  })
  @ApiOkResponse({ type: CommentPageView })
  @ApiNotModifiedResponse({ description: 'Not modified (If-None-Match holds the current ETag)' })
  @ApiBadRequestResponse({
    description: 'validation_failed (sort, limit, a tampered cursor or one from another sort)',
  })
  @ApiNotFoundResponse({ description: 'article_not_found' })
  async list(
    @Param('articleId') articleId: string,
    @Query() query: ListCommentsQuery,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @CurrentUser() user?: AuthUser,
  ): Promise<string | undefined> {
    const variant = `comments:${query.sort}:${query.limit}:${query.cursor ?? ''}`;
    if (await this.httpCache.notModified(req, res, [articleId], variant)) return undefined;
    // Rendered once and sent as is: anonymous first pages are served from a cache of the JSON.
    res.type('application/json');
    if (!user)
      this.fastPath.learn(
        req,
        res,
        articleId,
        { sort: query.sort, limit: query.limit, cursor: query.cursor },
        variant,
      );
    return this.reading.listRendered(articleId, query.sort, query, user, renderCommentPage);
  }

  @Post()
  @LoginCheckedByHandler()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Post a comment or a reply',
    description:
      'Checks in order: signed in (401), account (403 user_banned/user_suspended), article (404), open (403 comments_closed), ' +
      "entitlement under the article's audience (403 subscription_required, forbidden for staff-only), body (400), " +
      'banned words (400 banned_word), slow mode (429 slow_mode). The posting rules (pre-moderation of the article, the user or a surge, ' +
      'banned words, links, new commenters, a toxicity score) make the comment `pending`; moderators see which one held it. ' +
      'With an Idempotency-Key, a retry within 24 h returns the first comment (201, same id); another body under the same key is a 409.',
  })
  @ApiBody({ type: CreateCommentDto })
  @ApiHeader({
    // Named as @Headers() reads it, so that this entry replaces the required one it would add.
    name: 'idempotency-key',
    required: false,
    description: IDEMPOTENCY_KEY_RULE,
  })
  @ApiCreatedResponse({ type: CommentView })
  @ApiBadRequestResponse({
    description:
      'validation_failed (body, parentId, a parent on another article, Idempotency-Key); banned_word (a refused word, not named)',
  })
  @ApiUnauthorizedResponse({ description: 'unauthenticated' })
  @ApiForbiddenResponse({
    description:
      'user_banned, user_suspended, email_unverified, comments_closed, subscription_required, forbidden (a staff-only article)',
  })
  @ApiNotFoundResponse({
    description: 'article_not_found; comment_not_found for an unknown or not visible parent',
  })
  @ApiConflictResponse({
    description:
      'conflict: the Idempotency-Key was used for a different comment; duplicate_comment: the same text (once trimmed) ' +
      "by the same user on this article less than 10 minutes ago, without that post's Idempotency-Key",
  })
  @ApiTooManyRequestsResponse({
    description:
      "rate_limited (COMMENT_RATE_LIMIT_PER_MINUTE); slow_mode (the article's slowModeSeconds, per user); both with Retry-After",
  })
  async post(
    @CurrentLogin() login: UncheckedLogin,
    @Param('articleId') articleId: string,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<CommentView> {
    return toCommentView(await this.posting.post(login, articleId, body, idempotencyKey));
  }
}
