import type { Comment, Me, Plan } from './api-client';
import type { MessageKey } from './messages';

export type AuthMode = 'closed' | 'login' | 'register';
export interface Replies {
  open: boolean;
  items: Comment[];
  nextCursor: string | null;
}

/** What the views (account-view, thread-view) read and call on the element. */
export interface WidgetHost {
  me: Me | null;
  plans: Plan[];
  authMode: AuthMode;
  items: Comment[];
  nextCursor: string | null;
  loadState: 'loading' | 'ready' | 'failed';
  /** Whether a comment posted now waits for a moderator (the article's pre-moderation or a surge). */
  readonly commentsWait: boolean;
  replies: Map<string, Replies>;
  replyTo: string | null;
  editing: string | null;
  reporting: string | null;
  t(key: MessageKey, values?: Record<string, string | number>): string;
  openAuth(mode: AuthMode): void;
  submitAuth(form: HTMLFormElement): Promise<void>;
  signOut(): Promise<void>;
  checkout(priceId: string): Promise<void>;
  reload(): Promise<void>;
  loadMore(): Promise<void>;
  toggleReplies(comment: Comment, more?: boolean): Promise<void>;
  canEdit(comment: Comment): boolean;
  post(form: HTMLFormElement, parent: Comment | null): Promise<void>;
  saveEdit(form: HTMLFormElement, comment: Comment): Promise<void>;
  deleteComment(comment: Comment): Promise<void>;
  toggleLike(comment: Comment): Promise<void>;
  sendReport(form: HTMLFormElement, comment: Comment): Promise<void>;
  focusLater(selector: string): Promise<void>;
}
