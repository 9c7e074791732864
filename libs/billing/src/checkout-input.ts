/**
 * The longest `priceId` read before it is compared with the configured plans (Stripe's ids are
 * far shorter): a bound on what a request can make Parley compare, not a rule of its own.
 */
export const PRICE_ID_MAX = 255;
