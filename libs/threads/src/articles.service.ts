import { Injectable } from '@nestjs/common';
import { isUniqueViolation, Prisma, PrismaService, SqlClient } from '@parley/database';
import { DomainError, validationFailed } from '@parley/errors';
import { ArticleVersions } from './article-versions.service';
import { ARTICLE_ID_RULE, ArticleInput, isArticleId, parseArticleIds } from './article-input';
import { ARTICLE_COLUMNS, ARTICLE_COMMENT_COUNT, ArticleWithCount } from './article-record';

/** Articles as the publisher's CMS declares them, with their public comment counts. */
@Injectable()
export class ArticlesService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sql: SqlClient,
    private readonly versions: ArticleVersions,
  ) {}

  /** Creates or updates the article; omitted optional fields keep their current value. */
  async upsert(
    id: string,
    input: ArticleInput,
  ): Promise<{ article: ArticleWithCount; created: boolean }> {
    this.checkId(id);
    const changes = {
      title: input.title,
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(input.state !== undefined ? { state: input.state } : {}),
      ...(input.moderation !== undefined ? { moderation: input.moderation } : {}),
    };
    const existing = await this.prisma.article.findUnique({ where: { id }, select: { id: true } });
    if (!existing) {
      try {
        const article = await this.prisma.article.create({ data: { id, ...changes } });
        // Nothing can have been counted on a row that did not exist.
        return { article: { ...article, commentCount: 0 }, created: true };
      } catch (error) {
        // Another PUT created it first: this one is an update.
        if (!isUniqueViolation(error)) throw error;
      }
    }
    const article = await this.prisma.article.update({ where: { id }, data: changes });
    await this.versions.bump([id]);
    const [counted] = await this.counts(id);
    return { article: { ...article, commentCount: counted?.commentCount ?? 0 }, created: false };
  }

  /** Read before every post, like and report: plain SQL on the shared pool (see SqlClient). */
  async get(id: string): Promise<ArticleWithCount> {
    const [article] = isArticleId(id)
      ? await this.sql.query<ArticleWithCount>(
          Prisma.sql`SELECT ${ARTICLE_COLUMNS} FROM articles a WHERE a.id = ${id}`,
        )
      : [];
    if (!article) throw new DomainError('article_not_found', 'No such article');
    return article;
  }

  /** Comment counts of the known ones among `a,b,c`, in the order asked (one indexed query). */
  async counts(rawIds: unknown): Promise<{ id: string; commentCount: number }[]> {
    const ids = parseArticleIds(rawIds);
    const rows = await this.sql.query<{ id: string; commentCount: number }>(Prisma.sql`
      SELECT a.id, ${ARTICLE_COMMENT_COUNT} AS "commentCount" FROM articles a WHERE a.id = ANY(${ids}::text[])`);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  private checkId(id: string): void {
    if (!isArticleId(id)) {
      throw validationFailed({ field: 'articleId', message: ARTICLE_ID_RULE });
    }
  }
}
