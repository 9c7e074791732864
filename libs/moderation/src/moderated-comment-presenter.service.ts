import { Injectable } from '@nestjs/common';
import { EntitlementService } from '@parley/billing';
import { UsersService } from '@parley/identity';
import type { ReportedComment } from '@parley/threads';
import type { ModeratedComment } from './moderated-comment';

/**
 * Adds authors to reported comments, with their subscriber tenure (the desk trusts a five-year
 * subscriber differently): one query for the profiles and one for the tenures per page.
 */
@Injectable()
export class ModeratedCommentPresenter {
  constructor(
    private readonly users: UsersService,
    private readonly entitlement: EntitlementService,
  ) {}

  async withAuthors(items: ReportedComment[]): Promise<ModeratedComment[]> {
    const authorIds = items.map((item) => item.comment.authorId);
    const [profiles, tenures] = await Promise.all([
      this.users.findPublicProfiles(authorIds),
      this.entitlement.tenureOf(authorIds),
    ]);
    return items.map((item) => {
      const profile = profiles.get(item.comment.authorId);
      return {
        ...item,
        author: profile
          ? {
              id: profile.id,
              displayName: profile.displayName,
              subscriberSince: tenures.get(profile.id)?.since ?? null,
            }
          : null,
      };
    });
  }
}
