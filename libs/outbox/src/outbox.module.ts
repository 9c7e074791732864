import { Module } from '@nestjs/common';
import { OutboxStore } from './outbox.store';

/**
 * The queue itself: libs that cause work import this module and enqueue in their transactions.
 * The worker is provided by the application together with OUTBOX_HANDLERS (see OutboxWorker).
 */
@Module({ providers: [OutboxStore], exports: [OutboxStore] })
export class OutboxModule {}
