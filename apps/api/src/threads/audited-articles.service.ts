import { Injectable } from '@nestjs/common';
import { DomainError } from '@parley/errors';
import { AuditLogStore } from '@parley/audit';
import { ArticleInput, ArticlesService, ArticleWithCount } from '@parley/threads';

const DEFAULTS = { state: 'open', moderation: 'post' } as const;

/**
 * PUT /articles with its audit entry. Editors close and reopen threads and switch
 * pre-moderation here; those are moderation actions, so a change of `state` or `moderation`
 * (or an article created closed or pre-moderated) is audited as `article.update`. Title and URL
 * updates from the CMS are not moderation and are not logged. The previous values are read just
 * before the upsert: two racing PUTs may both log the same change, an accepted gap.
 */
@Injectable()
export class AuditedArticlesService {
  constructor(
    private readonly articles: ArticlesService,
    private readonly audit: AuditLogStore,
  ) {}

  async put(
    actorId: string,
    id: string,
    input: ArticleInput,
  ): Promise<{ article: ArticleWithCount; created: boolean }> {
    const before = await this.find(id);
    const result = await this.articles.upsert(id, input);
    const from = before ?? DEFAULTS;
    const changes: Record<string, { from: string | null; to: string }> = {};
    for (const field of ['state', 'moderation'] as const) {
      if (from[field] !== result.article[field])
        changes[field] = { from: before ? before[field] : null, to: result.article[field] };
    }
    if (Object.keys(changes).length > 0) {
      await this.audit.record({
        actorId,
        action: 'article.update',
        target: { type: 'article', id },
        metadata: { created: result.created, ...changes },
      });
    }
    return result;
  }

  private async find(id: string): Promise<ArticleWithCount | null> {
    try {
      return await this.articles.get(id);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'article_not_found') return null;
      throw error;
    }
  }
}
