import { DomainError } from '@parley/errors';
import { WorkBudget } from './work-budget';

/** A job that runs until `finish` is called. */
function gate(): { job: () => Promise<string>; finish: () => void; started: () => boolean } {
  let finish!: () => void;
  let started = false;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    job: async () => {
      started = true;
      await done;
      return 'done';
    },
    finish: () => finish(),
    started: () => started,
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe(WorkBudget.name, () => {
  it('runs up to `concurrency` jobs, queues up to `queue` more, refuses the rest with 503', async () => {
    const budget = new WorkBudget(2, 1, 'jobs');
    const gates = [gate(), gate(), gate()];
    const runs = gates.map((g) => budget.run(g.job));
    await tick();
    expect(gates.map((g) => g.started())).toEqual([true, true, false]);
    expect([budget.active, budget.queued]).toEqual([2, 1]);

    expect(() => budget.assertRoom()).toThrow(DomainError);
    const refused = await budget.run(async () => 'never').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).code).toBe('service_unavailable');
    expect((refused as DomainError).headers).toEqual({ 'Retry-After': '1' });

    gates[0].finish();
    await tick();
    expect(() => budget.assertRoom()).not.toThrow();
    expect(gates[2].started()).toBe(true);
    expect([budget.active, budget.queued]).toEqual([2, 0]);
    gates[1].finish();
    gates[2].finish();
    expect(await Promise.all(runs)).toEqual(['done', 'done', 'done']);
    expect([budget.active, budget.queued]).toEqual([0, 0]);
  });

  it('starts waiting jobs in arrival order and frees the turn of a job that fails', async () => {
    const budget = new WorkBudget(1, 5, 'jobs');
    const order: number[] = [];
    const first = budget.run(() => Promise.reject(new Error('boom')));
    const rest = [1, 2, 3].map((n) =>
      budget.run(async () => {
        order.push(n);
      }),
    );
    await expect(first).rejects.toThrow('boom');
    await Promise.all(rest);
    expect(order).toEqual([1, 2, 3]);
    expect(budget.active).toBe(0);
  });

  it('with no queue, refuses as soon as every turn is taken', async () => {
    const budget = new WorkBudget(1, 0, 'jobs');
    const g = gate();
    const running = budget.run(g.job);
    await expect(budget.run(async () => 'x')).rejects.toMatchObject({
      code: 'service_unavailable',
    });
    g.finish();
    await running;
    await expect(budget.run(async () => 'x')).resolves.toBe('x');
  });
});
