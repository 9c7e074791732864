import { Injectable, Logger } from '@nestjs/common';
import { TransactionRunner } from '@parley/database';
import { DomainError, validationFailed } from '@parley/errors';
import type Stripe from 'stripe';
import { StripeCustomerStore } from './stripe-customer.store';
import { StripeCustomers } from './stripe-customers.service';
import { StripeEntitlementChanges } from './stripe-entitlement-changes.service';
import { StripeEventStore } from './stripe-event.store';
import { StripeGateway } from './stripe-gateway.service';
import {
  checkoutSubscriptionId,
  fromUnix,
  invoiceSubscriptionId,
  MalformedStripeObjectError,
  stripeIdOf,
  SubscriptionSnapshot,
  toSubscriptionSnapshot,
} from './subscription-snapshot';
import { ApplyOutcome, SubscriptionStore } from './subscription.store';

export type WebhookOutcome = 'applied' | 'duplicate';

/**
 * What became of a delivery, for its caller's log line: the event, the outcome and, when a
 * subscription was applied, which one and what that changed.
 */
export interface WebhookReceipt {
  outcome: WebhookOutcome;
  eventId: string;
  type: string;
  subscription?: { id: string; change: ApplyOutcome };
}

/** What an event asks of local state, worked out (with any Stripe reads) before the transaction. */
type Change =
  | { kind: 'snapshot'; snapshot: SubscriptionSnapshot; stamp: Date }
  | { kind: 'customer_deleted'; customerId: string; stamp: Date }
  | { kind: 'none' };

const SUBSCRIPTION_EVENTS = new Set([
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'customer.subscription.paused',
  'customer.subscription.resumed',
]);

/**
 * Applies verified Stripe events exactly once. A subscription is re-read from Stripe (as Ghost
 * does), so the stored state is Stripe's latest whatever the delivery order, stamped with the
 * time it was read; if that read fails, a subscription event's own snapshot is applied under its
 * `created` instead, and an older snapshot never overwrites a newer one.
 */
@Injectable()
export class StripeWebhookService {
  private readonly logger = new Logger(StripeWebhookService.name);
  /** Events this process is applying, by id: concurrent copies wait for the first. */
  private readonly inFlight = new Map<string, Promise<WebhookReceipt>>();

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly gateway: StripeGateway,
    private readonly events: StripeEventStore,
    private readonly subscriptions: SubscriptionStore,
    private readonly customers: StripeCustomers,
    private readonly customerRows: StripeCustomerStore,
    private readonly entitlements: StripeEntitlementChanges,
  ) {}

  async handle(
    rawBody: unknown,
    signature: string | string[] | undefined,
  ): Promise<WebhookReceipt> {
    const event = this.gateway.verifyEvent(rawBody, signature);
    if (event.livemode !== this.gateway.livemode) {
      this.logger.warn(
        { eventId: event.id, type: event.type },
        'Stripe event of the other mode refused',
      );
      throw new DomainError(
        'invalid_signature',
        `This deployment accepts only ${this.gateway.livemode ? 'live' : 'test'} mode events`,
      );
    }
    const duplicate = receiptOf(event, 'duplicate');
    const running = this.inFlight.get(event.id);
    if (running) {
      // A copy of this event is being handled by this process: its outcome answers this one too,
      // without a second Stripe read; if it fails, this copy tries on its own.
      const answered = await running.then(
        () => true,
        () => false,
      );
      return answered ? duplicate : this.apply(event);
    }
    const customerId = customerNamed(event);
    const handling = this.events
      .deliveryFacts(event.id, customerId)
      .then(({ processed, customerUserId }) =>
        processed ? duplicate : this.apply(event, { customerId, customerUserId }),
      );
    this.inFlight.set(event.id, handling);
    try {
      return await handling;
    } finally {
      if (this.inFlight.get(event.id) === handling) this.inFlight.delete(event.id);
    }
  }

  /** `read`: the customer the event named and its user, as read with the event's state. */
  private async apply(
    event: Stripe.Event,
    read?: { customerId: string | null; customerUserId: string | null },
  ): Promise<WebhookReceipt> {
    const receipt = (outcome: WebhookOutcome) => receiptOf(event, outcome);
    try {
      const change = await this.changeFor(event);
      if (change.kind === 'snapshot') {
        // Before the claim: an event applied to an unknown customer would be spent for nothing.
        const userId = await this.customers.linkUnknown(
          change.snapshot.customerId,
          [change.snapshot.metadataUserId],
          read?.customerId === change.snapshot.customerId ? read.customerUserId : undefined,
        );
        const claim = this.events.claimSql(event);
        const outcome = await this.entitlements.apply(change.snapshot, change.stamp, claim, userId);
        if (outcome === null) return receipt('duplicate');
        return {
          ...receipt('applied'),
          subscription: { id: change.snapshot.id, change: outcome },
        };
      }
      if (change.kind === 'none') {
        return receipt((await this.events.claim(event)) ? 'applied' : 'duplicate');
      }
      return await this.transactions.run(async (tx) => {
        if (!(await this.events.claim(event, tx))) return receipt('duplicate');
        await this.customerRows.markDeleted(change.customerId, change.stamp, tx);
        await this.subscriptions.cancelAllOfCustomer(change.customerId, change.stamp, tx);
        await this.entitlements.customerDeleted(tx, change.customerId);
        return receipt('applied');
      });
    } catch (error) {
      await this.events.recordFailure(event, error);
      this.logger.error(
        {
          eventId: event.id,
          type: event.type,
          err: error instanceof Error ? error.message : String(error),
        },
        'Stripe event failed; Stripe will retry',
      );
      throw error;
    }
  }

  private async changeFor(event: Stripe.Event): Promise<Change> {
    const object = event.data.object as unknown;
    if (SUBSCRIPTION_EVENTS.has(event.type)) {
      // Read (and refused when malformed) before Stripe is asked, so that every delivery of the
      // event gets the same answer whether or not Stripe can be read.
      const snapshot = readEventObject(() => toSubscriptionSnapshot(object as Stripe.Subscription));
      return this.currentSubscription(snapshot.id, { snapshot, stamp: fromUnix(event.created) });
    }
    if (event.type === 'checkout.session.completed') {
      return this.currentSubscription(
        readEventObject(() => checkoutSubscriptionId(object as Stripe.Checkout.Session)),
      );
    }
    if (event.type === 'invoice.paid' || event.type === 'invoice.payment_failed') {
      return this.currentSubscription(
        readEventObject(() => invoiceSubscriptionId(object as Stripe.Invoice)),
      );
    }
    if (event.type === 'customer.deleted') {
      const customerId = readEventObject(() => stripeIdOf((object as Stripe.Customer).id));
      return customerId
        ? { kind: 'customer_deleted', customerId, stamp: fromUnix(event.created) }
        : { kind: 'none' };
    }
    return { kind: 'none' };
  }

  private async currentSubscription(
    id: string | null,
    fallback?: { snapshot: SubscriptionSnapshot; stamp: Date },
  ): Promise<Change> {
    if (!id) return { kind: 'none' };
    const readAt = new Date();
    let current: SubscriptionSnapshot | null;
    try {
      current = await this.gateway.retrieveSubscription(id);
    } catch (error) {
      if (!fallback) throw error;
      this.logger.warn(
        { subscriptionId: id, err: error instanceof Error ? error.message : String(error) },
        'Stripe unreachable; applying the event snapshot by its created time',
      );
      return { kind: 'snapshot', ...fallback };
    }
    if (current) return { kind: 'snapshot', snapshot: current, stamp: readAt };
    return fallback ? { kind: 'snapshot', ...fallback } : { kind: 'none' };
  }
}

/**
 * A read of the event's own object: a signed event whose object lacks or mistypes a field Parley
 * reads is the request's fault, a 400 validation_failed naming the fields (recorded on the event
 * like any failure, so each of Stripe's retries gets the same answer), never a 500.
 */
function readEventObject<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof MalformedStripeObjectError)) throw error;
    const details = error.problems.map(({ field, message }) => ({
      field: `data.object.${field ?? ''}`.replace(/\.$/, ''),
      message,
    }));
    throw validationFailed(details, `The event's object cannot be read: ${error.message}`);
  }
}

function receiptOf(event: Stripe.Event, outcome: WebhookOutcome): WebhookReceipt {
  return { outcome, eventId: event.id, type: event.type };
}

/** The customer an event's object names (a subscription, an invoice, a Checkout session), if any. */
function customerNamed(event: Stripe.Event): string | null {
  const { customer } = event.data.object as { customer?: string | { id: string } | null };
  if (typeof customer === 'string') return customer;
  return customer?.id ?? null;
}
