import type { ApiClient } from '../../widget/src/api-client';

export type View = 'pending' | 'reported' | 'user' | 'words' | 'policy' | 'audit';

export interface QueueItem {
  id: string;
  articleId: string;
  author: { id: string; displayName: string | null } | null;
  body: string | null;
  status: string;
  createdAt: string;
  openReportCount: number;
  reportCounts: Record<string, number>;
  latestNotes: { reason: string; note: string | null }[];
  /** Why the service held the comment, when it says (scoring, banned word, policy…). */
  holdReason?: string | null;
  /** The scoring service's score of a held comment, when it gives one. */
  score?: number | null;
}

/** What the console's secondary pages read and call on the element. */
export interface ConsoleHost {
  readonly client: ApiClient;
  data: Record<string, unknown>;
  open(view: View, userId?: string): Promise<void>;
  say(text: string, error: boolean): void;
  fail(error: unknown): void;
}
