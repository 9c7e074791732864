import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';

export interface SignedEvent {
  body: string;
  headers: { 'Stripe-Signature': string; 'Content-Type': string };
}

export interface StripeEventOptions {
  id?: string;
  /** Unix seconds; defaults to now. */
  created?: number;
  livemode?: boolean;
}

/** A Stripe event envelope around `object`, as Stripe posts it. */
export function stripeEvent(
  type: string,
  object: Record<string, unknown>,
  options: StripeEventOptions = {},
): Record<string, unknown> {
  return {
    id: options.id ?? `evt_${randomBytes(12).toString('hex')}`,
    object: 'event',
    api_version: Stripe.API_VERSION,
    created: options.created ?? Math.floor(Date.now() / 1000),
    livemode: options.livemode ?? false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  };
}

/** Signs a payload with Stripe's own test-header logic (real HMAC, `t=...,v1=...`). */
export function signStripeEvent(
  payload: Record<string, unknown> | string,
  secret: string,
  options: { timestamp?: number } = {},
): SignedEvent {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const header = Stripe.webhooks.generateTestHeaderString({
    payload: body,
    secret,
    timestamp: options.timestamp ?? Math.floor(Date.now() / 1000),
  });
  return { body, headers: { 'Stripe-Signature': header, 'Content-Type': 'application/json' } };
}
