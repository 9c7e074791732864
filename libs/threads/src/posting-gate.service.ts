import { Injectable } from '@nestjs/common';
import { addressRefusal, EntitlementService, refusalError, statusRefusal } from '@parley/billing';
import type { Article } from '@parley/database';
import { DomainError } from '@parley/errors';
import type { AuthUser } from '@parley/identity';

/**
 * The contract's checks before anything is written, in its order. Who may post is billing's one
 * rule (decideEntitlement, the answer /me shows too): its account and address steps run first,
 * then the article's, then the whole rule.
 */
@Injectable()
export class PostingGate {
  constructor(private readonly entitlements: EntitlementService) {}

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

  /** 403 comments_closed: nothing new is posted, liked or reported on a closed article. */
  checkOpen(article: Pick<Article, 'state'>): void {
    if (article.state === 'closed')
      throw new DomainError('comments_closed', 'Comments on this article are closed');
  }

  /** 403 with the entitlement's reason (subscription_required…). */
  async checkEntitled(user: AuthUser): Promise<void> {
    const entitlement = await this.entitlements.forUser(user);
    if (!entitlement.canComment) throw refusalError(entitlement.reason ?? 'subscription_required');
  }
}
