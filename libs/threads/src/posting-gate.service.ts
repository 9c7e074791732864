import { Injectable } from '@nestjs/common';
import { EntitlementService } from '@parley/billing';
import type { Article } from '@parley/database';
import { DomainError } from '@parley/errors';
import { assertEmailVerified, AuthUser, effectiveStatus } from '@parley/identity';

/** The contract's checks before anything is written, in its order. */
@Injectable()
export class PostingGate {
  constructor(private readonly entitlements: EntitlementService) {}

  /** 403 user_banned / user_suspended. */
  checkAccount(user: AuthUser): void {
    const status = effectiveStatus(user);
    if (status === 'banned') throw new DomainError('user_banned', 'This account is banned');
    if (status === 'suspended')
      throw new DomainError('user_suspended', 'This account is suspended');
  }

  /** 403 email_unverified: posting, liking and reporting (not editing) need a verified address. */
  checkEmailVerified(user: AuthUser): void {
    assertEmailVerified(user);
  }

  /** 403 comments_closed: nothing new is posted, liked or reported on a closed article. */
  checkOpen(article: Pick<Article, 'state'>): void {
    if (article.state === 'closed')
      throw new DomainError('comments_closed', 'Comments on this article are closed');
  }

  /** 403 with the entitlement's reason (subscription_required…). */
  async checkEntitled(user: AuthUser): Promise<void> {
    const entitlement = await this.entitlements.forUser(user);
    if (!entitlement.canComment) {
      throw new DomainError(
        entitlement.reason ?? 'subscription_required',
        'A subscription is required to take part',
      );
    }
  }
}
