import { Injectable } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { Article, isUniqueViolation, Prisma, PrismaService } from '@parley/database';
import { DomainError } from '@parley/errors';
import type { AuthUser } from '@parley/identity';
import { RateLimiter } from '@parley/rate-limit';
import { createHash } from 'node:crypto';
import { ArticlesService } from './articles.service';
import { NewComment, parseIdempotencyKey, parseNewComment } from './comment-input';
import { CommentPresenter } from './comment-presenter.service';
import { viewerOf } from './comment-reading.service';
import { CommentStore } from './comment-store.service';
import type { CommentView } from './comment-view';
import { PostingGate } from './posting-gate.service';
import { PostingPolicyService } from './posting-policy.service';

const MAX_DEPTH = 3;
const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;

/** POST /articles/:articleId/comments: the checks in the contract's order, then one transaction. */
@Injectable()
export class CommentPostingService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly config: AppConfig,
    private readonly rateLimiter: RateLimiter,
    private readonly articles: ArticlesService,
    private readonly gate: PostingGate,
    private readonly policy: PostingPolicyService,
    private readonly store: CommentStore,
    private readonly presenter: CommentPresenter,
  ) {}

  async post(
    user: AuthUser,
    articleId: string,
    raw: unknown,
    rawKey?: string,
  ): Promise<CommentView> {
    this.gate.checkAccount(user);
    const article = await this.articles.get(articleId);
    this.gate.checkOpen(article);
    await this.gate.checkEntitled(user);
    const input = parseNewComment(raw);
    const key = parseIdempotencyKey(rawKey);
    const hash = requestHash(articleId, input);
    if (key) {
      const earlier = await this.replay(user, key, hash);
      if (earlier) return earlier;
    }
    await this.rateLimiter.enforce({
      key: `comment:user:${user.id}`,
      limit: this.config.values.COMMENT_RATE_LIMIT_PER_MINUTE,
      windowSeconds: 60,
    });
    try {
      const id = await this.store.transaction((tx) =>
        this.insert(tx, user, article, input, key, hash),
      );
      return this.presenter.presentOne(await this.store.get(id), viewerOf(user));
    } catch (error) {
      // The same key raced in from a retry: the first one's comment is the answer.
      const earlier = key && isUniqueViolation(error) ? await this.replay(user, key, hash) : null;
      if (earlier) return earlier;
      throw error;
    }
  }

  private async insert(
    tx: Prisma.TransactionClient,
    user: AuthUser,
    article: Article,
    input: NewComment,
    key: string | null,
    hash: string,
  ): Promise<string> {
    const { parentId, depth } = await this.placeReply(tx, article.id, input.parentId);
    const status = await this.policy.firstStatus(article.moderation, input.body, tx);
    const comment = await tx.comment.create({
      data: { articleId: article.id, parentId, depth, authorId: user.id, body: input.body, status },
      select: { id: true },
    });
    if (status === 'visible')
      await this.store.applyDeltas(tx, [{ articleId: article.id, parentId, visible: 1, shown: 1 }]);
    if (key) {
      await tx.commentIdempotencyKey.deleteMany({
        where: {
          userId: user.id,
          key,
          createdAt: { lt: new Date(Date.now() - IDEMPOTENCY_TTL_MS) },
        },
      });
      await tx.commentIdempotencyKey.create({
        data: { userId: user.id, key, requestHash: hash, commentId: comment.id },
      });
    }
    return comment.id;
  }

  /** Replies nest to depth 3; a reply to a depth-3 comment goes to that comment's parent. */
  private async placeReply(
    tx: Prisma.TransactionClient,
    articleId: string,
    parentId: string | null,
  ): Promise<{ parentId: string | null; depth: number }> {
    if (!parentId) return { parentId: null, depth: 0 };
    const parent = await this.store.find(parentId, tx);
    if (!parent || parent.status !== 'visible')
      throw new DomainError('comment_not_found', 'The parent comment does not exist');
    if (parent.articleId !== articleId) {
      throw new DomainError('validation_failed', 'The request is invalid', [
        { field: 'parentId', message: 'must be a comment on the same article' },
      ]);
    }
    if (parent.depth < MAX_DEPTH) return { parentId: parent.id, depth: parent.depth + 1 };
    return { parentId: parent.parentId, depth: parent.depth };
  }

  private async replay(user: AuthUser, key: string, hash: string): Promise<CommentView | null> {
    const row = await this.prisma.commentIdempotencyKey.findUnique({
      where: { userId_key: { userId: user.id, key } },
    });
    if (!row || row.createdAt.getTime() < Date.now() - IDEMPOTENCY_TTL_MS) return null;
    if (row.requestHash !== hash)
      throw new DomainError('conflict', 'This Idempotency-Key was used for a different comment');
    return this.presenter.presentOne(await this.store.get(row.commentId), viewerOf(user));
  }
}

function requestHash(articleId: string, input: NewComment): string {
  return createHash('sha256')
    .update(JSON.stringify([articleId, input.parentId, input.body]))
    .digest('hex');
}
