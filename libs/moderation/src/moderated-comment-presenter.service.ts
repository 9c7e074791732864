import { Injectable } from '@nestjs/common';
import { UsersService } from '@parley/identity';
import type { ReportedComment } from '@parley/threads';
import type { ModeratedComment } from './moderated-comment';

/** Adds authors to reported comments, in one query per page. */
@Injectable()
export class ModeratedCommentPresenter {
  constructor(private readonly users: UsersService) {}

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
