export {
  testDatabaseUrl,
  testDatabaseDirectUrl,
  testDatabaseReplicaUrl,
  testDatabasePoolSize,
  createScratchDatabase,
} from './test-database';
export type { ScratchDatabase } from './test-database';
export { assertTestDatabaseName } from './test-database-names';
export { CuttableTcpProxy } from './cuttable-tcp-proxy';
export { FakeStripeServer } from './fake-stripe/fake-stripe.server';
export type {
  FakePrice,
  FakeSubscriptionInput,
  RecordedRequest,
} from './fake-stripe/fake-stripe.server';
export { signStripeEvent, stripeEvent } from './fake-stripe/sign-stripe-event';
export type { SignedEvent, StripeEventOptions } from './fake-stripe/sign-stripe-event';
export { markEmailVerified } from './verified-email';
export { TestSmtpServer, linkToken } from './test-smtp-server';
export type { ReceivedMail } from './test-smtp-server';
export { createStoreTestContext } from './store-test-context';
export { until } from './until';
