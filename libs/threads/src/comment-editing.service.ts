import { Injectable } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import type { Tx } from '@parley/database';
import { DomainError } from '@parley/errors';
import type { AuthUser } from '@parley/identity';
import { RateLimiter } from '@parley/rate-limit';
import { commentEventData, WebhookEvents } from '@parley/webhooks';
import { ArticlesService } from './articles.service';
import { parseEdit } from './comment-input';
import { canSee, CommentRecord } from './comment-record';
import { CommentPresenter } from './comment-presenter.service';
import { viewerOf } from './comment-reading.service';
import { CommentChanges } from './comment-changes.service';
import { CommentRevisionStore } from './comment-revision.store';
import { CommentStore } from './comment.store';
import type { PublicComment } from './public-comment';
import { PostingGate } from './posting-gate.service';
import type { CommentVerdict } from './comment-rules';
import { CommentRulesService } from './comment-rules.service';

/** The author's own changes: edits within the window (keeping revisions) and soft deletes. */
@Injectable()
export class CommentEditingService {
  constructor(
    private readonly config: AppConfig,
    private readonly articles: ArticlesService,
    private readonly gate: PostingGate,
    private readonly rules: CommentRulesService,
    private readonly store: CommentStore,
    private readonly changes: CommentChanges,
    private readonly revisions: CommentRevisionStore,
    private readonly presenter: CommentPresenter,
    private readonly rateLimiter: RateLimiter,
    private readonly webhooks: WebhookEvents,
  ) {}

  /**
   * Order: account (403), comment (404), author (403 not_author), window (403
   * edit_window_passed), article open (403 comments_closed), body (400), then the user's edit
   * budget (429), then the text's rules (400 banned_word). An edit the rules hold (a banned
   * word, a link, its score) sends a visible comment back to `pending`, with that reason.
   */
  async edit(user: AuthUser, commentId: string, raw: unknown): Promise<PublicComment> {
    this.gate.checkAccount(user);
    const comment = await this.ownComment(user, commentId);
    if (comment.status !== 'visible' && comment.status !== 'pending')
      throw new DomainError('comment_not_found', 'No such comment');
    const windowMs = this.config.values.COMMENT_EDIT_WINDOW_SECONDS * 1000;
    if (Date.now() - comment.createdAt.getTime() > windowMs)
      throw new DomainError('edit_window_passed', 'The edit window has passed');
    this.gate.checkOpen(await this.articles.get(comment.articleId));
    const body = parseEdit(raw);
    await this.rateLimiter.enforce({
      key: `edit:user:${user.id}`,
      limit: this.config.values.COMMENT_EDIT_RATE_LIMIT_PER_MINUTE,
      windowSeconds: 60,
    });
    // Read before the transaction: inside it, every query must use the transaction's connection
    // (the embedded database has only one), and the rules are not read through it.
    const verdict = await this.rules.forEdit(body);
    const edited = await this.changes.run(async (tx) => {
      const comment = await this.applyEdit(tx, commentId, body, verdict);
      await this.webhooks.record(tx, 'comment.edited', commentEventData(comment));
      return comment;
    });
    return this.presenter.presentOne(edited, viewerOf(user));
  }

  /** 204 whether or not it was already deleted; a removed comment stays removed. */
  async delete(user: AuthUser, commentId: string): Promise<void> {
    await this.ownComment(user, commentId);
    await this.changes.run(async (tx) => {
      const [gone] = await this.changes.move(
        tx,
        { id: commentId },
        ['visible', 'pending'],
        'deleted',
      );
      if (gone) await this.webhooks.record(tx, 'comment.deleted', commentEventData(gone));
    });
  }

  /** The edit under the comment's row lock; returns the comment as edited. */
  private async applyEdit(
    tx: Tx,
    commentId: string,
    body: string,
    verdict: CommentVerdict,
  ): Promise<CommentRecord> {
    const current = await this.store.find(commentId, tx, true);
    if (!current || (current.status !== 'visible' && current.status !== 'pending'))
      throw new DomainError('comment_not_found', 'No such comment');
    this.changes.touch(tx, [
      { articleId: current.articleId, commentId: current.id, kind: 'edited' },
    ]);
    // Only the latest COMMENT_REVISIONS_MAX earlier texts are kept (an edit loop must not grow
    // the table without bound).
    const kept = this.config.values.COMMENT_REVISIONS_MAX;
    await this.revisions.keep(tx, commentId, current.body, kept);
    const edited = await this.store.setBody(commentId, body, tx, verdict);
    if (current.status !== 'visible' || verdict.status === 'visible') return edited;
    const [held] = await this.changes.move(tx, { id: commentId }, ['visible'], 'pending');
    return held;
  }

  /** Someone else's comment is a 403, unless they may not even see it (then a 404). */
  private async ownComment(user: AuthUser, commentId: string): Promise<CommentRecord> {
    const comment = await this.store.find(commentId);
    if (!comment) throw new DomainError('comment_not_found', 'No such comment');
    if (comment.authorId === user.id) return comment;
    if (!canSee(comment, viewerOf(user)))
      throw new DomainError('comment_not_found', 'No such comment');
    throw new DomainError('not_author', 'Only its author may change this comment');
  }
}
