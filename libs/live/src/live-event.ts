/** An event to publish: its SSE name and its data (serialised as JSON on the wire). */
export interface NewLiveEvent {
  event: string;
  data: unknown;
}

/** An event as stored in an article's history: its id, its name and its data as JSON text. */
export interface LiveEvent {
  id: string;
  event: string;
  data: string;
}

/**
 * How a resumption shows the events it reads back from the history, one batch (in id order) at a
 * time: what to send instead, each event with its own id and in the same order, some left out.
 */
export type ReplayView = (articleId: string, events: LiveEvent[]) => Promise<LiveEvent[]>;
