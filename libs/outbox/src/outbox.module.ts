import { Module } from '@nestjs/common';
import { OutboxRetention } from './outbox-retention.service';
import { OutboxStore } from './outbox.store';

/**
 * The queue itself: libs that cause work import this module and enqueue in their transactions.
 * The worker is provided by the application together with OUTBOX_HANDLERS (see OutboxWorker).
 */
@Module({ providers: [OutboxStore, OutboxRetention], exports: [OutboxStore, OutboxRetention] })
export class OutboxModule {}
