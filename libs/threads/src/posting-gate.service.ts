import { Injectable } from '@nestjs/common';
import {
  addressRefusal,
  Entitlement,
  EntitlementReason,
  EntitlementService,
  refusalError,
  statusRefusal,
} from '@parley/billing';
import { DomainError } from '@parley/errors';
import { Prisma } from '@parley/database';
import { AccessTokenVerifier, type AuthUser, type UncheckedLogin } from '@parley/identity';
import type { ArticleWithCount } from './article-record';
import { ArticlesService } from './articles.service';

/** A reader's entitlement on an article, and whether they wear the `subscriber` badge now. */
export interface Standing {
  entitlement: Entitlement;
  subscriber: boolean;
}

/** Whether a reader may post on an article, and the error code a post would get if not. */
export interface PostingPermission {
  canComment: boolean;
  reason: EntitlementReason | 'comments_closed' | null;
}

/**
 * The contract's checks before anything is written, in its order. Who may post is billing's one
 * rule (decideEntitlement, the answer /me shows too): its account and address steps run first,
 * then the article's, then the whole rule.
 */
@Injectable()
export class PostingGate {
  constructor(
    private readonly entitlements: EntitlementService,
    private readonly articles: ArticlesService,
    private readonly logins: AccessTokenVerifier,
  ) {}

  /** 403 user_banned / user_suspended. */
  checkAccount(user: AuthUser): void {
    const refusal = statusRefusal(user);
    if (refusal) throw refusalError(refusal);
  }

  /** 403 email_unverified: posting, liking and reporting (not editing) need a verified address. */
  checkEmailVerified(user: AuthUser): void {
    const refusal = addressRefusal(user);
    if (refusal) throw refusalError(refusal);
  }

  /**
   * 403 comments_closed: nothing new is posted, liked or reported on a closed article (`state` as
   * ArticlesService resolves it: closed by an editor, or its closing time has come).
   */
  checkOpen(article: Pick<ArticleWithCount, 'state'>): void {
    if (article.state === 'closed')
      throw new DomainError('comments_closed', 'Comments on this article are closed');
  }

  /**
   * What a post or like checks first, read in one statement on the primary (the login, the
   * article and the reader's grants), checked in the contract's order: the login (401), the
   * account (403 user_banned / user_suspended / email_unverified), the article (`notFound`),
   * whether it is open (403 comments_closed). Returns the reader's standing, which the caller
   * checks with checkStanding(). `article`: the article's id, or a subquery naming it.
   */
  async admit(
    login: UncheckedLogin,
    article: string | Prisma.Sql,
    notFound: () => DomainError,
  ): Promise<{ user: AuthUser; article: ArticleWithCount; standing: Standing }> {
    const { article: found, extras } = await this.articles.getWith(article, {
      login: this.logins.loginSql(login),
      grants: this.entitlements.grantsSql(login.userId),
    });
    const user = this.logins.userFrom(extras.login, login);
    this.checkAccount(user);
    this.checkEmailVerified(user);
    if (!found) throw notFound();
    this.checkOpen(found);
    const standing = this.entitlements.withBadgeFrom(extras.grants, user, new Date(), found);
    return { user, article: found, standing };
  }

  /** 403 with the entitlement's reason (subscription_required…). */
  checkStanding({ entitlement }: Pick<Standing, 'entitlement'>): void {
    if (!entitlement.canComment) throw refusalError(entitlement.reason ?? 'subscription_required');
  }

  /**
   * What `GET /articles/:id` tells a signed-in reader: whether they may post on this article now
   * and, if not, the error code a post would get (the same steps, in the same order, as a post).
   */
  async mayPost(user: AuthUser, article: ArticleWithCount): Promise<PostingPermission> {
    const early = statusRefusal(user) ?? addressRefusal(user);
    if (early) return { canComment: false, reason: early };
    if (article.state === 'closed') return { canComment: false, reason: 'comments_closed' };
    const entitlement = await this.entitlements.forUser(user, new Date(), article);
    return { canComment: entitlement.canComment, reason: entitlement.reason };
  }
}
