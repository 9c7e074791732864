import { readSsoClaims, SSO_ID_MAX } from './sso-claims';

describe(readSsoClaims.name, () => {
  const issuer = 'https://news.example';
  const iat = 1_900_000_000;
  const payload = (over: Record<string, unknown> = {}) => ({
    iss: issuer,
    sub: 'reader-1',
    jti: 'token-1',
    iat,
    exp: iat + 300,
    ...over,
  });
  const refused = (over: Record<string, unknown>) =>
    expect(() => readSsoClaims(payload(over), issuer)).toThrow(
      expect.objectContaining({ code: 'invalid_token', status: 401 }),
    );

  it('reads the reader, the token id and when the token stops being accepted', () => {
    expect(
      readSsoClaims(payload({ email: ' Ada@Example.com ', name: ' Ada ' }), issuer),
    ).toMatchObject({
      issuer,
      subject: 'reader-1',
      jti: 'token-1',
      issuedAt: new Date(iat * 1000),
      acceptableUntil: new Date((iat + 300 + 30) * 1000),
      email: 'Ada@Example.com',
      name: 'Ada',
    });
    expect(readSsoClaims(payload(), issuer)).toMatchObject({ email: null, name: null });
  });

  it('allows at most 300 seconds between iat and exp, and exp after iat', () => {
    expect(() => readSsoClaims(payload({ exp: iat + 300 }), issuer)).not.toThrow();
    refused({ exp: iat + 301 });
    refused({ exp: iat });
    refused({ exp: undefined });
    refused({ iat: '1900000000' });
  });

  it('needs a sub and a jti of 1–255 storable characters', () => {
    for (const claim of ['sub', 'jti']) {
      refused({ [claim]: undefined });
      refused({ [claim]: '' });
      refused({ [claim]: 42 });
      refused({ [claim]: 'x'.repeat(SSO_ID_MAX + 1) });
      refused({ [claim]: 'a\u0000b' });
      expect(() =>
        readSsoClaims(payload({ [claim]: 'x'.repeat(SSO_ID_MAX) }), issuer),
      ).not.toThrow();
    }
  });

  it('refuses an email or a name Parley cannot keep, and shortens a long name', () => {
    refused({ email: 'nobody' });
    refused({ email: ['a@b.example'] });
    refused({ name: 7 });
    refused({ name: '\u200b\u200b' });
    refused({ name: 'A' });
    expect(readSsoClaims(payload({ name: 'é'.repeat(50) }), issuer).name).toBe('é'.repeat(40));
    expect(readSsoClaims(payload({ email: null, name: null }), issuer)).toMatchObject({
      email: null,
      name: null,
    });
  });
});
