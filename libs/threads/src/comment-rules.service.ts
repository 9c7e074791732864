import { Injectable } from '@nestjs/common';
import { AuditLogStore } from '@parley/audit';
import { TransactionRunner } from '@parley/database';
import { DomainError } from '@parley/errors';
import { ArticleChangeNotices } from './article-change-notices.service';
import type { ArticleWithCount } from './article-record';
import { articleHoldReason, SURGE_PREMODERATION_MS } from './article-rules';
import { ArticleStore } from './article.store';
import { ArticleVersions } from './article-versions.service';
import { CommentVerdict, holdReason, slowModeWaitMs, verdictOf } from './comment-rules';
import { CommentStore } from './comment.store';
import { containsLink } from './links';
import { PostingPolicyService } from './posting-policy.service';
import { ScoringService } from './scoring.service';
import { SitePolicyService } from './site-policy.service';

/**
 * The posting rules a new or edited text meets once the poster may post: refusals first (400
 * banned_word, 429 slow_mode), then whether it waits as `pending` and why (see comment-rules.ts).
 * Cheap on the posting path: the banned words, the site policy and the pre-moderated users are
 * cached in process, the facts about the user and the article are one statement (each part only
 * when its rule is on, none at all when all are off), and scoring (when configured) runs alongside and never takes more than 1.5 s.
 * Slow mode is checked here without a lock (the common refusal, before scoring), and held against
 * posts racing past that check by the comment's INSERT itself (CommentStore.insert).
 */
@Injectable()
export class CommentRulesService {
  constructor(
    private readonly words: PostingPolicyService,
    private readonly site: SitePolicyService,
    private readonly scoring: ScoringService,
    private readonly comments: CommentStore,
    private readonly articles: ArticleStore,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditLogStore,
    private readonly versions: ArticleVersions,
    private readonly notices: ArticleChangeNotices,
  ) {}

  async forNewComment(
    userId: string,
    article: ArticleWithCount,
    body: string,
  ): Promise<CommentVerdict> {
    const [bannedWord, policy, userPremoderated] = await Promise.all([
      this.words.holdsBannedWord(body),
      this.site.get(),
      this.site.isUserPremoderated(userId),
    ]);
    const surgeLimit = policy.surgeCommentsPerMinute;
    const wanted = {
      approvedUpTo: policy.newCommenterPremoderation,
      lastPost: article.slowModeSeconds > 0,
      recentUpTo: surgeLimit > 0 ? surgeLimit + 1 : 0,
    };
    // With every database-read rule off, nothing is read: no round trip added to the post.
    const facts =
      wanted.approvedUpTo > 0 || wanted.lastPost || wanted.recentUpTo > 0
        ? await this.comments.postingFacts(userId, article.id, wanted)
        : { approvedCount: 0, lastPostAt: null, recentCount: 0, now: new Date() };
    const waitMs = slowModeWaitMs(facts.lastPostAt, facts.now, article.slowModeSeconds);
    if (waitMs > 0) throw slowMode(waitMs, article.slowModeSeconds);
    const score = this.scoring.score(body);
    let held = articleHoldReason(article, facts.now);
    // This comment is one more: beyond the limit, the article switches itself to pre-moderation.
    if (!held && surgeLimit > 0 && facts.recentCount + 1 > surgeLimit) {
      await this.startSurge(article.id, surgeLimit, facts.now);
      held = 'surge';
    }
    const scored = await score;
    const reason = holdReason({
      userPremoderated,
      article: held,
      bannedWord,
      link: policy.holdLinks && containsLink(body),
      newCommenter: facts.approvedCount < policy.newCommenterPremoderation,
      scoreHeld: this.scoring.holds(scored),
    });
    return verdictOf(reason, scored);
  }

  /**
   * The 429 for a post that raced past forNewComment's check together with another post of the
   * same user's, and that CommentStore.insert then refused under its lock (isSlowModeRefusal):
   * the other post's comment has committed, and the wait counts from it.
   */
  async slowModeAfterRace(userId: string, article: ArticleWithCount): Promise<DomainError> {
    const facts = await this.comments.postingFacts(userId, article.id, {
      approvedUpTo: 0,
      lastPost: true,
      recentUpTo: 0,
    });
    const waitMs = slowModeWaitMs(facts.lastPostAt, facts.now, article.slowModeSeconds);
    return slowMode(waitMs > 0 ? waitMs : 1000, article.slowModeSeconds);
  }

  /** An edit meets the rules about its text: banned words (refuse or hold), links, the score. */
  async forEdit(body: string): Promise<CommentVerdict> {
    // Scoring runs alongside; it never rejects, so a refusal below leaves nothing unhandled.
    const score = this.scoring.score(body);
    const [bannedWord, policy] = await Promise.all([
      this.words.holdsBannedWord(body),
      this.site.get(),
    ]);
    const scored = await score;
    const reason = holdReason({
      userPremoderated: false,
      article: null,
      bannedWord,
      link: policy.holdLinks && containsLink(body),
      newCommenter: false,
      scoreHeld: this.scoring.holds(scored),
    });
    return verdictOf(reason, scored);
  }

  /**
   * Pre-moderates the article for 30 minutes, audited as the system (no actor) once, however
   * many posts race to it; it ends by itself (compared at read time). The article's view changes
   * (`premoderatedUntil`), so the switch bumps its version and queues its notices as an editor's
   * PUT does: cached anonymous copies (ETags, a CDN's) would otherwise go on saying that comments
   * appear at once, since the comments held meanwhile change no list. The end needs no bump: the
   * view carries the time it ends.
   */
  private async startSurge(articleId: string, limit: number, now: Date): Promise<void> {
    const until = new Date(now.getTime() + SURGE_PREMODERATION_MS);
    const switched = await this.transactions.run(async (tx) => {
      if (!(await this.articles.premoderateUntil(tx, articleId, until))) return false;
      await this.audit.record(
        {
          actorId: null,
          action: 'article.surge',
          target: { type: 'article', id: articleId },
          metadata: { premoderatedUntil: until.toISOString(), surgeCommentsPerMinute: limit },
        },
        tx,
      );
      return true;
    });
    if (!switched) return;
    await this.versions.bump([articleId]);
    await this.notices.changed([articleId]);
  }
}

function slowMode(waitMs: number, seconds: number): DomainError {
  const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
  return new DomainError(
    'slow_mode',
    `Slow mode: one comment per ${seconds} s on this article; retry in ${retryAfter} s`,
    undefined,
    { 'Retry-After': String(retryAfter) },
  );
}
