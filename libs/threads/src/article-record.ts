export type ArticleStateName = 'open' | 'closed';
export type ModerationModeName = 'post' | 'pre';

/** An article as this lib's services return it: its row and its public comment count. */
export interface ArticleWithCount {
  id: string;
  title: string;
  url: string | null;
  state: ArticleStateName;
  moderation: ModerationModeName;
  commentCount: number;
  createdAt: Date;
  updatedAt: Date;
}
