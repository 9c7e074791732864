import { Body, Controller, Get, Param, Put, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiNotModifiedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { AuthUser } from '@parley/identity';
import { ARTICLE_ID_MAX, ArticlesService, parseArticleIds, PostingGate } from '@parley/threads';
import type { Request, Response } from 'express';
import { AnonymousHttpCache } from './anonymous-http-cache.service';
import { CurrentUser } from '../http/current-user.decorator';
import { Public } from '../http/public.decorator';
import { Roles } from '../http/roles.decorator';
import { ArticleIdsQuery } from './dto/article-ids.query';
import { ArticleCountsView, ArticleView } from './dto/article.view';
import { PutArticleDto } from './dto/put-article.dto';
import { toArticleView } from './threads.mapper';

const ARTICLE_ID_PARAM = {
  name: 'articleId',
  description: `The publisher's id: 1–${ARTICLE_ID_MAX} characters of [A-Za-z0-9._:/-]. Send a \`/\` inside it URL-encoded as \`%2F\`.`,
  example: 'politics%2Fbudget-2027',
};

@ApiTags('articles')
@Controller('articles')
export class ArticlesController {
  constructor(
    private readonly articles: ArticlesService,
    private readonly gate: PostingGate,
    private readonly httpCache: AnonymousHttpCache,
  ) {}

  @Put(':articleId')
  @Roles('moderator')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Create or update an article (called by the CMS on publication)',
    description:
      'Editors close and reopen threads (`state`, `closesAt`), switch pre-moderation (`moderation`), choose who may post (`audience`, `plans`) and set slow mode (`slowModeSeconds`) here; a change of any of them is written to the moderation audit log (`article.update`).',
  })
  @ApiParam(ARTICLE_ID_PARAM)
  @ApiCreatedResponse({ type: ArticleView, description: 'Created' })
  @ApiOkResponse({
    type: ArticleView,
    description: 'Updated; omitted optional fields keep their value',
  })
  @ApiBadRequestResponse({
    description:
      'validation_failed (bad id, title, url, state, moderation, audience unknown, plans missing with audience plans or given with another, closesAt not an ISO-8601 date-time with its offset (or a date) in years 0001–9999 or passed with state open, slowModeSeconds not 0–3600, extra fields)',
  })
  @ApiConflictResponse({
    description:
      'conflict: `state: "open"` on a thread that ARTICLE_AUTO_CLOSE_DAYS has closed, without a future `closesAt` (send one to reopen it); nothing changes',
  })
  @ApiUnauthorizedResponse({ description: 'unauthenticated' })
  @ApiForbiddenResponse({ description: 'forbidden (not a moderator or admin)' })
  async put(
    @CurrentUser() user: AuthUser,
    @Param('articleId') articleId: string,
    @Body() dto: PutArticleDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ArticleView> {
    const { closesAt, ...rest } = dto;
    const input = {
      ...rest,
      ...(closesAt !== undefined
        ? { closesAt: closesAt === null ? null : new Date(closesAt) }
        : {}),
    };
    const { article, created } = await this.articles.upsert(user.id, articleId, input);
    res.status(created ? 201 : 200);
    return toArticleView(article);
  }

  @Public()
  @Get()
  @ApiOperation({
    summary: 'Comment counts for a list page',
    description:
      'Anonymous answers are `public` with an ETag (If-None-Match: 304) and name every listed article in `Surrogate-Key`/`Cache-Tag`.',
  })
  @ApiOkResponse({ type: ArticleCountsView })
  @ApiNotModifiedResponse({ description: 'Not modified (If-None-Match holds the current ETag)' })
  @ApiBadRequestResponse({
    description: 'validation_failed (no ids, more than 100, or a malformed id)',
  })
  async counts(
    @Query() query: ArticleIdsQuery,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ArticleCountsView | undefined> {
    const ids = parseArticleIds(query.ids);
    if (await this.httpCache.notModified(req, res, ids, 'counts')) return undefined;
    return { items: await this.articles.counts(ids.join(',')) };
  }

  @Public()
  @Get(':articleId')
  @ApiParam(ARTICLE_ID_PARAM)
  @ApiOperation({
    summary: 'An article, its comment policy and, for a signed-in reader, whether they may post',
    description:
      '`viewer` (signed in only) answers with the rule posting applies, in its order: account, address, closing, audience and entitlement. ' +
      'Anonymous answers are `public` with an ETag (If-None-Match: 304); with a token, `private, no-store`.',
  })
  @ApiOkResponse({ type: ArticleView })
  @ApiNotModifiedResponse({ description: 'Not modified (If-None-Match holds the current ETag)' })
  @ApiNotFoundResponse({ description: 'article_not_found' })
  @ApiUnauthorizedResponse({ description: 'unauthenticated or token_expired (a bad token sent)' })
  async get(
    @Param('articleId') articleId: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @CurrentUser() user?: AuthUser,
  ): Promise<ArticleView | undefined> {
    if (await this.httpCache.notModified(req, res, [articleId], 'article')) return undefined;
    const article = await this.articles.get(articleId);
    const view = toArticleView(article);
    if (!user) return view;
    return { ...view, viewer: await this.gate.mayPost(user, article) };
  }
}
