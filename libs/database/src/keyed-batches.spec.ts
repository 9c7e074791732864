import { KeyedBatches } from './keyed-batches';

/** A flush that records its calls and finishes when the test says so. */
function controlledFlush() {
  const calls: { key: string; items: number[]; finish: (error?: Error) => void }[] = [];
  const flush = (key: string, items: number[]) =>
    new Promise<void>((resolve, reject) => {
      calls.push({ key, items, finish: (error) => (error ? reject(error) : resolve()) });
    });
  return { calls, flush };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe(KeyedBatches.name, () => {
  it('flushes the first add at once, and what arrives meanwhile together, in order', async () => {
    const { calls, flush } = controlledFlush();
    const batches = new KeyedBatches(flush);
    const done: number[] = [];
    const first = batches.add('a', [1]).then(() => done.push(1));
    expect(calls.map((c) => c.items)).toEqual([[1]]);
    const second = batches.add('a', [2, 3]).then(() => done.push(2));
    const third = batches.add('a', [4]).then(() => done.push(3));
    await settled();
    expect(calls).toHaveLength(1);
    calls[0].finish();
    await first;
    await settled();
    expect(calls.map((c) => c.items)).toEqual([[1], [2, 3, 4]]);
    expect(done).toEqual([1]);
    calls[1].finish();
    await Promise.all([second, third]);
    expect(done).toEqual([1, 2, 3]);
    expect(batches.active).toBe(0);
  });

  it('keeps keys apart: another key flushes at once while the first is in flight', async () => {
    const { calls, flush } = controlledFlush();
    const batches = new KeyedBatches(flush);
    const a = batches.add('a', [1]);
    const b = batches.add('b', [2]);
    expect(calls.map((c) => [c.key, c.items])).toEqual([
      ['a', [1]],
      ['b', [2]],
    ]);
    calls.forEach((c) => c.finish());
    await Promise.all([a, b]);
    expect(batches.active).toBe(0);
  });

  it('rejects the adds of a failed flush only, and goes on with the next', async () => {
    const { calls, flush } = controlledFlush();
    const batches = new KeyedBatches(flush);
    const first = batches.add('a', [1]);
    const second = batches.add('a', [2]);
    calls[0].finish(new Error('down'));
    await expect(first).rejects.toThrow('down');
    await settled();
    calls[1].finish();
    await expect(second).resolves.toEqual([]);
  });

  it('carries at most maxItems per flush, and an add larger than that alone', async () => {
    const { calls, flush } = controlledFlush();
    const batches = new KeyedBatches(flush, 3);
    const adds = [batches.add('a', [0]), batches.add('a', [1, 2]), batches.add('a', [3, 4])];
    adds.push(batches.add('a', [5, 6, 7, 8]), batches.add('a', [9]));
    for (let i = 0; i < 5; i += 1) {
      await settled();
      calls[i].finish();
    }
    await Promise.all(adds);
    expect(calls.map((c) => c.items)).toEqual([[0], [1, 2], [3, 4], [5, 6, 7, 8], [9]]);
  });

  it("resolves each add with its own items' results, when the flush returns them", async () => {
    const calls: number[][] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const batches = new KeyedBatches<number, string>(async (_key, items) => {
      calls.push(items);
      await gate;
      return items.map((item) => `r${item}`);
    });
    const adds = [batches.add('a', [1]), batches.add('a', [2, 3]), batches.add('a', [4])];
    release();
    expect(await Promise.all(adds)).toEqual([['r1'], ['r2', 'r3'], ['r4']]);
    expect(calls).toEqual([[1], [2, 3, 4]]);
  });

  it('rejects every add of a flush that returns a result count other than its items', async () => {
    const batches = new KeyedBatches<number, string>(async () => ['only one']);
    await expect(batches.add('a', [1, 2])).rejects.toThrow('returned 1 results');
    expect(batches.active).toBe(0);
  });
});
