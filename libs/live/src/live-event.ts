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
