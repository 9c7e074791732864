import { loadConfig, StaticAppConfig } from '@parley/config';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { UnsubscribeTokens } from './unsubscribe-tokens.service';

const OLD = 'old-secret-that-is-long-enough-for-hs256-0123456789';
const NEW = 'new-secret-that-is-long-enough-for-hs256-0123456789';

function tokens(secret: string, previous?: string): UnsubscribeTokens {
  const values = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: tmpdir(),
    JWT_SECRET: secret,
    JWT_PREVIOUS_SECRETS: previous,
  });
  return new UnsubscribeTokens(new StaticAppConfig(values));
}

describe(UnsubscribeTokens.name, () => {
  const userId = randomUUID();

  it('stands for one user and kind', () => {
    const current = tokens(OLD);
    expect(current.verify(current.issue(userId, 'replies'))).toEqual({ userId, kind: 'replies' });
    expect(current.verify(current.issue(userId, 'moderation'))).toEqual({
      userId,
      kind: 'moderation',
    });
  });

  it('keeps the links of mail sent before a rotation working while the old secret is a previous one', () => {
    const sent = tokens(OLD).issue(userId, 'replies');
    const rotated = tokens(NEW, OLD);
    expect(rotated.verify(sent)).toEqual({ userId, kind: 'replies' });
    expect(rotated.issue(userId, 'replies')).toBe(tokens(NEW).issue(userId, 'replies'));
    expect(tokens(NEW).verify(sent)).toBeNull();
  });

  it('refuses a token whose subject was changed, or that is not one of ours', () => {
    const current = tokens(NEW, OLD);
    const [, signature] = current.issue(userId, 'replies').split('.');
    const other = Buffer.from(`${randomUUID()}:replies`).toString('base64url');
    expect(current.verify(`${other}.${signature}`)).toBeNull();
    const kind = Buffer.from(`${userId}:moderation`).toString('base64url');
    expect(current.verify(`${kind}.${signature}`)).toBeNull();
    for (const token of ['', 'a.b', 'a.b.c', 'x'.repeat(300)])
      expect(current.verify(token)).toBeNull();
  });
});
