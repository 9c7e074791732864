import { Injectable } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { isUniqueViolation, Tx } from '@parley/database';
import { DomainError, validationFailed } from '@parley/errors';
import type { AuthUser, UncheckedLogin } from '@parley/identity';
import { RateLimiter } from '@parley/rate-limit';
import { commentEventData, WebhookEvents } from '@parley/webhooks';
import { createHash, randomUUID } from 'node:crypto';
import type { ArticleWithCount } from './article-record';
import { DUPLICATE_WINDOW_MINUTES } from './comment-body-claim.store';
import { CommentChanges } from './comment-changes.service';
import { CommentIdempotencyKeyStore } from './comment-idempotency-key.store';
import { NewComment, parseIdempotencyKey, parseNewComment } from './comment-input';
import { CommentNotificationsService } from './comment-notifications.service';
import { CommentPresenter } from './comment-presenter.service';
import { viewerOf } from './comment-reading.service';
import type { CommentRecord, NewCommentRow } from './comment-record';
import { CommentStore, isSlowModeRefusal } from './comment.store';
import type { PublicComment } from './public-comment';
import { PostingGate } from './posting-gate.service';
import { CommentRulesService } from './comment-rules.service';

const MAX_DEPTH = 3;
const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;

/** POST /articles/:articleId/comments: the checks in the contract's order, then one transaction. */
@Injectable()
export class CommentPostingService {
  constructor(
    private readonly config: AppConfig,
    private readonly rateLimiter: RateLimiter,
    private readonly gate: PostingGate,
    private readonly rules: CommentRulesService,
    private readonly store: CommentStore,
    private readonly changes: CommentChanges,
    private readonly keys: CommentIdempotencyKeyStore,
    private readonly presenter: CommentPresenter,
    private readonly notifications: CommentNotificationsService,
    private readonly webhooks: WebhookEvents,
  ) {}

  async post(
    login: UncheckedLogin,
    articleId: string,
    raw: unknown,
    rawKey?: string,
  ): Promise<PublicComment> {
    const { user, article, standing } = await this.gate.admit(
      login,
      articleId,
      () => new DomainError('article_not_found', 'No such article'),
    );
    // Kept for the pages even when the post is refused: a lapsed subscriber's badge goes at once.
    const author = this.presenter.authorOf(user, standing.subscriber);
    this.gate.checkStanding(standing);
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
      const row = await this.write(user, article, input, key ? { key, requestHash: hash } : null);
      return this.presenter.presentNew(row, author);
    } catch (error) {
      // The same key raced in from a retry: the first one's comment is the answer (a unique
      // violation on the key, the duplicate check meeting the first one's body, or slow mode
      // counting from the first one, with or without the lock).
      const earlier =
        key && (isUniqueViolation(error) || isRefusedAsRepeat(error))
          ? await this.replay(user, key, hash)
          : null;
      if (earlier) return earlier;
      if (isSlowModeRefusal(error)) throw await this.rules.slowModeAfterRace(user.id, article);
      throw error;
    }
  }

  /**
   * A top-level comment is one INSERT statement (the comment, its key, the article's count, the
   * comment.created webhook event); a reply also reads its parent and counts itself there, in a
   * short transaction that records the event too.
   */
  private async write(
    user: AuthUser,
    article: ArticleWithCount,
    input: NewComment,
    idempotency: NewCommentRow['idempotency'],
  ): Promise<CommentRecord> {
    const { status, holdReason, score } = await this.rules.forNewComment(
      user.id,
      article,
      input.body,
    );
    const row = {
      articleId: article.id,
      authorId: user.id,
      body: input.body,
      bodyHash: bodyHash(input.body),
      status,
      holdReason,
      score,
      idempotency,
      slowModeSeconds: article.slowModeSeconds,
    };
    const parentId = input.parentId;
    if (!parentId) {
      // One statement, no transaction: the comment, its counts and keys, and its webhook event.
      const top = { ...row, id: randomUUID(), parentId: null, repliedToId: null, depth: 0 };
      const event = commentEventData(top);
      const comment = await this.changes.insert(top, undefined, (whenInserted) =>
        this.webhooks.recordSql('comment.created', event, whenInserted),
      );
      return comment ?? duplicate();
    }
    return this.changes.run(async (tx) => {
      const { repliedTo, ...placed } = await this.placeReply(tx, article.id, parentId);
      const comment = (await this.changes.insert({ ...row, ...placed }, tx)) ?? duplicate();
      await this.webhooks.record(tx, 'comment.created', commentEventData(comment));
      if (status === 'visible') {
        await this.changes.countReply(tx, comment);
        await this.notifications.replied(tx, comment, repliedTo);
      }
      return comment;
    });
  }

  /**
   * Replies nest to depth 3; a reply to a depth-3 comment goes to that comment's parent, and
   * remembers the comment it answers (`repliedToId`). `repliedTo` is the author of the comment
   * answered (whom the reply notifies, now or when a moderator approves it).
   */
  private async placeReply(
    tx: Tx,
    articleId: string,
    parentId: string,
  ): Promise<{
    parentId: string | null;
    repliedToId: string | null;
    depth: number;
    repliedTo: string;
  }> {
    // The parent that will count the reply is locked before the reply is counted on the
    // article's shard: a moderator's decision on that parent locks it first too, so the two
    // transactions queue instead of deadlocking.
    const parent = await this.store.find(parentId, tx, true);
    if (!parent || parent.status !== 'visible')
      throw new DomainError('comment_not_found', 'The parent comment does not exist');
    if (parent.articleId !== articleId) {
      throw validationFailed({
        field: 'parentId',
        message: 'must be a comment on the same article',
      });
    }
    const repliedTo = parent.authorId;
    if (parent.depth < MAX_DEPTH)
      return { parentId: parent.id, repliedToId: null, depth: parent.depth + 1, repliedTo };
    if (parent.parentId) await this.store.find(parent.parentId, tx, true);
    return { parentId: parent.parentId, repliedToId: parent.id, depth: parent.depth, repliedTo };
  }

  private async replay(user: AuthUser, key: string, hash: string): Promise<PublicComment | null> {
    const row = await this.keys.find(user.id, key);
    if (!row) return null;
    const cutoff = new Date(Date.now() - IDEMPOTENCY_TTL_MS);
    if (row.createdAt < cutoff) {
      // Expired: the key is free again.
      await this.keys.deleteIfOlder(user.id, key, cutoff);
      return null;
    }
    if (row.requestHash !== hash)
      throw new DomainError('conflict', 'This Idempotency-Key was used for a different comment');
    const comment = await this.store.find(row.commentId);
    if (!comment) throw new DomainError('comment_not_found', 'No such comment');
    return this.presenter.presentOne(comment, viewerOf(user));
  }
}

function requestHash(articleId: string, input: NewComment): string {
  return createHash('sha256')
    .update(JSON.stringify([articleId, input.parentId, input.body]))
    .digest('hex');
}

/**
 * Duplicates are the same text exactly, once trimmed (what readers see): a double submit or a
 * pasted repeat. Nothing else is normalised, so a corrected typo or changed case is a new post.
 */
function bodyHash(body: string): string {
  return createHash('sha256').update(body.trim()).digest('hex');
}

function duplicate(): never {
  throw new DomainError(
    'duplicate_comment',
    `You posted this text on this article less than ${DUPLICATE_WINDOW_MINUTES} minutes ago`,
  );
}

/** Refusals a retry of an earlier post meets: its text is a duplicate, or slow mode holds it. */
function isRefusedAsRepeat(error: unknown): boolean {
  if (isSlowModeRefusal(error)) return true;
  return (
    error instanceof DomainError &&
    (error.code === 'duplicate_comment' || error.code === 'slow_mode')
  );
}
