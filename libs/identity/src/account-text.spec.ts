import { loadConfig } from '@parley/config';
import { DomainError } from '@parley/errors';
import {
  checkDisplayName,
  checkEmail,
  checkPassword,
  DISPLAY_NAME_MAX,
  DISPLAY_NAME_MIN,
  EMAIL_MAX,
  maskEmail,
  PASSWORD_MAX,
  PASSWORD_MIN,
} from './account-text';

describe('account text', () => {
  it('takes passwords of PASSWORD_MIN to PASSWORD_MAX characters (code points)', () => {
    expect(checkPassword('p'.repeat(PASSWORD_MIN))).toHaveLength(PASSWORD_MIN);
    expect(checkPassword('😀'.repeat(PASSWORD_MAX))).toHaveLength(2 * PASSWORD_MAX);
    for (const password of ['p'.repeat(PASSWORD_MIN - 1), 'p'.repeat(PASSWORD_MAX + 1)])
      expect(() => checkPassword(password)).toThrow(DomainError);
  });

  // libs/config may not import this lib, so it repeats the bounds; this keeps the copies equal.
  it('is the rule libs/config applies to ADMIN_PASSWORD', () => {
    const load = (password: string) => () =>
      loadConfig({ ADMIN_EMAIL: 'a@b.co', ADMIN_PASSWORD: password });
    expect(load('p'.repeat(PASSWORD_MIN))).not.toThrow();
    expect(load('😀'.repeat(PASSWORD_MAX))).not.toThrow();
    expect(load('p'.repeat(PASSWORD_MIN - 1))).toThrow(/ADMIN_PASSWORD/);
    expect(load('p'.repeat(PASSWORD_MAX + 1))).toThrow(/ADMIN_PASSWORD/);
  });

  it('counts a display name after trimming', () => {
    const longest = 'n'.repeat(DISPLAY_NAME_MAX);
    expect(checkDisplayName(`   ${longest}   `)).toBe(longest);
    expect(checkDisplayName('n'.repeat(DISPLAY_NAME_MIN))).toHaveLength(DISPLAY_NAME_MIN);
    for (const name of ['n'.repeat(DISPLAY_NAME_MIN - 1), `${longest}n`])
      expect(() => checkDisplayName(name)).toThrow(DomainError);
  });

  it('wants a visible base character in a display name; combining marks only after one', () => {
    expect(checkDisplayName('Jose\u0301 M')).toBe('José M');
    expect(checkDisplayName('ক্ষমা')).toBe('ক্ষমা');
    for (const name of ['\u0301\u0301\u0301', '\u0301Ada', 'Ada \u0301\u0301'])
      expect(() => checkDisplayName(name)).toThrow(
        expect.objectContaining({
          code: 'validation_failed',
          details: [
            {
              field: 'displayName',
              message:
                'must contain a letter, number, symbol or punctuation, with combining marks only after one',
            },
          ],
        }),
      );
  });

  it('takes email addresses of at most EMAIL_MAX characters', () => {
    const domain = '@example.com';
    const longest = `${'a'.repeat(EMAIL_MAX - domain.length)}${domain}`;
    expect(checkEmail(longest)).toBe(longest);
    expect(() => checkEmail(`a${longest}`)).toThrow(DomainError);
  });

  it('masks an address for a notice to another mailbox: first character and domain', () => {
    expect(maskEmail('attacker@x.test')).toBe('a***@x.test');
    expect(maskEmail('a@x.test')).toBe('a***@x.test');
    expect(maskEmail('\u{1F600}mile@x.test')).toBe('\u{1F600}***@x.test');
    expect(maskEmail('"odd@local"@x.test')).toBe('"***@x.test');
    expect(maskEmail('no-at-sign')).toBe('***');
  });
});
