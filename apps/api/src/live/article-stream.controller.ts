import { Controller, Get, Headers, Param, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { validationFailed } from '@parley/errors';
import { EVENT_ID_MAX, isEventId, LiveStreams } from '@parley/live';
import { ARTICLE_ID_MAX, ArticlesService, CommentLiveReplay } from '@parley/threads';
import type { Request, Response } from 'express';
import { Public } from '../http/public.decorator';

const STREAM_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  // Proxies (nginx) must pass each event on at once instead of buffering the response.
  'X-Accel-Buffering': 'no',
  // The body ends with the connection (HTTP/1.1 allows it without a length): each write is the
  // events' bytes alone, not a chunk framed in three more, which a stream is nearly all of. A
  // stream ends only when the reader leaves or the instance stops, so nothing is lost by not
  // keeping the connection for another request. 5,000 streams at 50 posts/s (bench s7): the
  // service's CPU 0.86 of a core instead of 0.89–1.04, delivery p99 188–246 ms instead of 509–637.
  Connection: 'close',
};

const EVENTS_DESCRIPTION = `Server-sent events (\`text/event-stream\`) of the article, as anonymous readers see it (pending comments never appear):

- \`comment\`: a new visible comment or reply (posted, or approved), in the list's shape (a comment of \`GET /articles/:articleId/comments\`).
- \`comment_updated\`: a comment readers see or saw changed (edited, deleted, removed, pinned or unpinned, its like count, its reply count), in the same shape; \`status\` \`deleted\`/\`removed\` comes with \`body\` and \`author\` null, and a comment no longer shown (no replies left) is to be dropped. Like counts change at most once per comment per second.
- \`count\`: \`{commentCount}\`; also the first event of a new stream (the count then).
- \`reset\`: \`{}\`, first event of a resumption the history no longer covers (older than LIVE_HISTORY_SECONDS, at least 5 minutes, or ahead of the latest event): reload the list.
- \`: ping\` comments every 25 s (LIVE_PING_SECONDS).

Every event has an \`id:\`; reconnecting with \`Last-Event-ID\` (EventSource does it by itself) sends exactly the events after it, in order, from any instance. The stream ends when the instance stops; reconnect.

A resumption shows comments as they are now, not as they were when their events first went out: each \`comment\` and \`comment_updated\` it replays carries the comment's current text, author and counts as anonymous lists show them. A comment no longer visible since (removed, deleted, its author's account erased, or held as pending again) comes with \`author\`, \`body\` and \`editedAt\` null; one that no longer exists is left out (the ids of the events sent stay as they were). \`count\` events replay as they went out.`;

@ApiTags('live')
@Controller('articles')
export class ArticleStreamController {
  constructor(
    private readonly articles: ArticlesService,
    private readonly live: LiveStreams,
    private readonly replay: CommentLiveReplay,
  ) {}

  @Public()
  @Get(':articleId/stream')
  @ApiOperation({
    summary: 'Live updates of an article (server-sent events)',
    description: EVENTS_DESCRIPTION,
  })
  @ApiParam({
    name: 'articleId',
    description: `The publisher's id: 1–${ARTICLE_ID_MAX} characters of [A-Za-z0-9._:/-] (a \`/\` URL-encoded as \`%2F\`).`,
  })
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: `The id of the last event received (at most ${EVENT_ID_MAX} characters): the stream resumes after it`,
  })
  @ApiProduces('text/event-stream')
  @ApiResponse({
    status: 200,
    description: 'The event stream',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  @ApiBadRequestResponse({ description: 'validation_failed (a malformed Last-Event-ID)' })
  @ApiNotFoundResponse({ description: 'article_not_found (before the stream starts)' })
  @ApiServiceUnavailableResponse({
    description:
      'service_unavailable (MAX_STREAMS open on this instance, or stopping), with Retry-After',
  })
  async stream(
    @Param('articleId') articleId: string,
    @Headers('last-event-id') rawLastEventId: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const lastEventId = parseLastEventId(rawLastEventId);
    await this.articles.get(articleId);
    const place = this.live.reserve();
    let closed = false;
    let release = (): void => place.release();
    res.once('close', () => {
      closed = true;
      release();
    });
    res.removeHeader('Transfer-Encoding');
    res.writeHead(200, STREAM_HEADERS);
    res.flushHeaders();
    req.socket.setNoDelay(true);
    try {
      const stream = await this.live.start(
        articleId,
        lastEventId,
        res,
        async () => ({ commentCount: (await this.articles.get(articleId)).commentCount }),
        (id, events) => this.replay.asNow(id, events),
        () => place.release(),
      );
      release = () => stream.release();
      if (closed) stream.release();
    } catch {
      // Headers are out: the reader sees the stream end and reconnects.
      res.destroy();
    }
  }
}

function parseLastEventId(raw: string | undefined): string | null {
  if (raw === undefined || raw === '') return null;
  if (!isEventId(raw))
    throw validationFailed({
      field: 'Last-Event-ID',
      message: 'must be an event id of this stream',
    });
  return raw;
}
