export type ArticleStateName = 'open' | 'closed';
export type ModerationModeName = 'post' | 'pre';
export type AudienceName = 'subscribers' | 'registered' | 'plans' | 'staff';
export const AUDIENCES: readonly AudienceName[] = ['subscribers', 'registered', 'plans', 'staff'];

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
  audience: AudienceName;
  /** With audience `plans`: the Stripe price ids or publisher plan labels that may post. */
  plans: string[];
  /** As stored; ArticlesService resolves ARTICLE_AUTO_CLOSE_DAYS into it (see article-rules.ts). */
  closesAt: Date | null;
  slowModeSeconds: number;
  /** Surge protection: pre-moderated until then. */
  premoderatedUntil: Date | null;
}
