/** A registered endpoint as Parley keeps it (the secret only leaves in the creation's answer). */
export interface WebhookEndpointRecord {
  id: string;
  url: string;
  events: string[];
  createdAt: Date;
  /** Since when deliveries have failed without a success in between; null when healthy. */
  failingSince: Date | null;
  disabledAt: Date | null;
  disabledReason: string | null;
}

/** The endpoint with its signing secret: for the creation's answer and the delivery handler. */
export interface WebhookEndpointWithSecret extends WebhookEndpointRecord {
  secret: string;
}
