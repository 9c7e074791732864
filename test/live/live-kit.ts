import { PrismaService } from '@parley/database';
import { registerAccount, registerStaff, TestAccount } from '../support/accounts';
import type { TestApp } from '../support/test-app';
import type { SseEvent, SseStream } from './sse-client';

export interface LiveKit {
  moderator: TestAccount;
  /** Readers who may comment (complimentary access). */
  readers: TestAccount[];
}

export async function createLiveKit(t: TestApp, readers = 3): Promise<LiveKit> {
  const moderator = await registerStaff(t);
  const accounts = await Promise.all(Array.from({ length: readers }, () => registerAccount(t)));
  await t.app.get(PrismaService).complimentaryGrant.createMany({
    data: accounts.map((account) => ({ userId: account.id, grantedBy: moderator.id })),
  });
  return { moderator, readers: accounts };
}

/** The first event after position `from` (an index in stream.events) that matches. */
export async function eventMatching(
  stream: SseStream,
  match: (event: SseEvent) => boolean,
  from = 0,
  timeoutMs = 5000,
): Promise<SseEvent> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = stream.events.slice(from).find(match);
    if (found) return found;
    if (Date.now() > deadline)
      throw new Error(
        `no matching event; got ${JSON.stringify(stream.events.slice(from).map((e) => [e.event, e.data]))}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function commentData(event: SseEvent): { id: string; [key: string]: unknown } {
  return event.data as { id: string };
}
