import { Injectable } from '@nestjs/common';
import { UsersService } from '@parley/identity';
import { CommentModerationService, ReportedComment } from '@parley/threads';
import type { ModeratedComment } from './moderated-comment';

/** Adds authors and open reports to comment rows, in a fixed number of queries per page. */
@Injectable()
export class ModeratedCommentPresenter {
  constructor(
    private readonly comments: CommentModerationService,
    private readonly users: UsersService,
  ) {}

  async one(commentId: string): Promise<ModeratedComment> {
    const comment = await this.comments.getComment(commentId);
    return (await this.withAuthors(await this.comments.withReports([comment])))[0];
  }

  async withAuthors(items: ReportedComment[]): Promise<ModeratedComment[]> {
    const profiles = await this.users.findPublicProfiles(
      items.map((item) => item.comment.authorId),
    );
    return items.map((item) => {
      const profile = profiles.get(item.comment.authorId);
      return {
        ...item,
        author: profile ? { id: profile.id, displayName: profile.displayName } : null,
      };
    });
  }
}
