import { Injectable } from '@nestjs/common';
import { Prisma } from '@parley/database';
import type { AccountErasureStep } from '@parley/identity';
import { CommentStore } from './comment-store.service';

/**
 * Erasing an author: every comment becomes `deleted` with its text blanked (a placeholder while
 * it has visible replies), and the earlier revisions are dropped; counters stay exact.
 */
@Injectable()
export class AuthorErasureService implements AccountErasureStep {
  constructor(private readonly store: CommentStore) {}

  async eraseAccountData(userId: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      const byAuthor = Prisma.sql`c.author_id = ${userId}::uuid`;
      await this.store.transition(tx, byAuthor, ['visible', 'pending', 'removed'], 'deleted');
      await tx.$executeRaw`UPDATE comments SET body = '', open_report_count = 0, reported_at = NULL WHERE author_id = ${userId}::uuid`;
      await tx.$executeRaw`UPDATE comment_reports SET state = 'resolved' WHERE state = 'open'
        AND comment_id IN (SELECT id FROM comments WHERE author_id = ${userId}::uuid)`;
      await tx.$executeRaw`DELETE FROM comment_revisions WHERE comment_id IN (SELECT id FROM comments WHERE author_id = ${userId}::uuid)`;
      await tx.$executeRaw`DELETE FROM comment_idempotency_keys WHERE user_id = ${userId}::uuid`;
    });
  }
}
