import { Injectable } from '@nestjs/common';
import { ClaimedMessage, OutboxHandler, PermanentDeliveryError } from '@parley/outbox';
import { WebhookEvents } from '@parley/webhooks';
import { ARTICLE_CHANGED_CHANNEL } from './article-change-notices.service';
import { ArticleStore } from './article.store';

/**
 * Turns an `article-changed` outbox message (one per article and interval, see
 * ArticleChangeNotices) into the `article.changed` publisher webhook event, with the article's
 * comment count as it is when the event is recorded (after every change folded into it).
 */
@Injectable()
export class ArticleChangedHandler implements OutboxHandler {
  readonly channel = ARTICLE_CHANGED_CHANNEL;

  constructor(
    private readonly articles: ArticleStore,
    private readonly webhooks: WebhookEvents,
  ) {}

  async handle(message: ClaimedMessage): Promise<void> {
    const articleId = message.payload.articleId;
    if (typeof articleId !== 'string') throw new PermanentDeliveryError('event without article');
    const article = await this.articles.find(articleId);
    // One statement on the pool: Prisma's engine is not started for a change every post causes.
    await this.webhooks.recordAlone('article.changed', {
      articleId,
      commentCount: article?.commentCount ?? null,
    });
  }
}
