/** Where a delivery goes: the URL, and the address checked for it (the one connected to). */
export interface WebhookTarget {
  url: URL;
  address: string;
  family: 4 | 6;
}

/** A URL Parley will not deliver to; the message says why (no secret, no payload). */
export class WebhookTargetRefused extends Error {}
