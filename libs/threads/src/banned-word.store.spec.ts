import type { INestApplicationContext } from '@nestjs/common';
import { TransactionRunner } from '@parley/database';
import { createStoreTestContext, testDatabasePoolSize } from '@parley/testing';
import { BannedWordStore } from './banned-word.store';
import type { BannedWordEntry } from './banned-words';

const hold = (...words: string[]): BannedWordEntry[] =>
  words.map((word) => ({ word, action: 'hold' }));

// One connection (the embedded server) runs transactions one after the other.
const itWithConcurrentConnections = testDatabasePoolSize() > 1 ? it : it.skip;

describe(BannedWordStore.name, () => {
  let context: INestApplicationContext;
  let words: BannedWordStore;
  let transactions: TransactionRunner;
  let original: BannedWordEntry[];

  beforeAll(async () => {
    context = await createStoreTestContext([BannedWordStore]);
    words = context.get(BannedWordStore);
    transactions = context.get(TransactionRunner);
    original = await words.list();
  });
  afterAll(async () => {
    // The list is global to this worker's database: leave it as found.
    await transactions.run((tx) => words.replace(original, tx));
    await context.close();
  });

  it('replaces the whole list and says what it replaced', async () => {
    await transactions.run((tx) =>
      words.replace([...hold('beta'), { word: 'al*', action: 'refuse' }], tx),
    );
    const { previous } = await transactions.run((tx) => words.replace(hold('gamma'), tx));
    expect(previous).toEqual([{ word: 'al*', action: 'refuse' }, ...hold('beta')]);
    expect(await words.list()).toEqual(hold('gamma'));
  });

  itWithConcurrentConnections(
    'runs racing replacements one after the other: each one replaced what the other stored',
    async () => {
      await transactions.run((tx) => words.replace(hold('start'), tx));
      const [a, b] = await Promise.all([
        transactions.run((tx) => words.replace(hold('one'), tx)),
        transactions.run((tx) => words.replace(hold('two'), tx)),
      ]);
      // Whichever ran second replaced the first one's list, never the starting one.
      const previous = [a, b].map((x) => x.previous.map((e) => e.word).join()).sort();
      expect([
        ['one', 'start'],
        ['start', 'two'],
      ]).toContainEqual(previous);
    },
  );
});
