import { loadConfig, StaticAppConfig } from '@parley/config';
import { DomainError } from '@parley/errors';
import { RateLimiter } from './rate-limiter.service';

function limiter(env: Record<string, string>): RateLimiter {
  return new RateLimiter(new StaticAppConfig(loadConfig(env)));
}

describe(RateLimiter.name, () => {
  const rule = () => ({ key: `spec:${Math.random()}`, limit: 2, windowSeconds: 60 });

  it('allows up to the limit, then answers rate_limited with Retry-After', async () => {
    const subject = limiter({});
    const r = rule();
    await subject.enforce(r);
    await subject.enforce(r);
    const error = await subject.enforce(r).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('rate_limited');
    expect(Number((error as DomainError).headers?.['Retry-After'])).toBeGreaterThanOrEqual(1);
    await subject.onApplicationShutdown();
  });

  it('reserves a hit per rule, takes them all back when one is over, and releases on demand', async () => {
    const subject = limiter({});
    const [a, b] = [rule(), { ...rule(), limit: 1 }];
    await subject.reserve(a, b);
    expect([await subject.count(a), await subject.count(b)]).toEqual([1, 1]);
    const error = await subject.reserve(a, b).catch((e: unknown) => e);
    expect((error as DomainError).code).toBe('rate_limited');
    expect(Number((error as DomainError).headers?.['Retry-After'])).toBeGreaterThanOrEqual(1);
    expect([await subject.count(a), await subject.count(b)]).toEqual([1, 1]);
    await subject.release(a, b);
    expect([await subject.count(a), await subject.count(b)]).toEqual([0, 0]);
    await subject.reserve(a, b);
    await subject.record(a);
    expect(await subject.count(a)).toBe(2);
    await subject.onApplicationShutdown();
  });

  it('allows without throwing: true while under every limit, false (nothing counted) once one is over', async () => {
    const subject = limiter({});
    const [a, b] = [rule(), { ...rule(), limit: 1 }];
    expect(await subject.allow(a, b)).toBe(true);
    expect(await subject.allow(a, b)).toBe(false);
    expect([await subject.count(a), await subject.count(b)]).toEqual([1, 1]);
    expect(await subject.allow(a)).toBe(true);
    expect(await subject.allow(a)).toBe(false);
    expect(await subject.count(a)).toBe(2);
    await subject.onApplicationShutdown();
  });

  it('lets exactly `limit` of concurrent reservations through', async () => {
    const subject = limiter({});
    const r = { ...rule(), limit: 3 };
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => subject.reserve(r)));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(3);
    expect(await subject.count(r)).toBe(3);
    await subject.onApplicationShutdown();
  });

  it('does nothing when disabled', async () => {
    const subject = limiter({ RATE_LIMIT_DISABLED: 'true' });
    const r = rule();
    for (let i = 0; i < 5; i++) await subject.enforce(r);
    for (let i = 0; i < 5; i++) await subject.reserve(r);
    for (let i = 0; i < 5; i++) expect(await subject.allow(r)).toBe(true);
    expect(await subject.count(r)).toBe(0);
    await subject.onApplicationShutdown();
  });

  it('keeps limiting in process while Redis cannot be reached, instead of failing requests', async () => {
    const subject = limiter({ REDIS_URL: 'redis://127.0.0.1:1' });
    const r = rule();
    await subject.enforce(r);
    await subject.enforce(r);
    await expect(subject.enforce(r)).rejects.toMatchObject({ code: 'rate_limited' });
    await subject.onApplicationShutdown();
  });
});
