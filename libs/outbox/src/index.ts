export { OutboxModule } from './outbox.module';
export { OutboxStore } from './outbox.store';
export { OutboxRetention } from './outbox-retention.service';
export type { OutboxDb, SubjectLimit } from './outbox.store';
export { OutboxWorker } from './outbox-worker.service';
export { OUTBOX_HANDLERS, PermanentDeliveryError } from './outbox-handler';
export type { OutboxHandler } from './outbox-handler';
export type { ClaimedMessage, NewOutboxMessage, SubjectMessage } from './outbox-message';
export { retryDelaySeconds, retryDelayWithinSeconds } from './retry-delay';
