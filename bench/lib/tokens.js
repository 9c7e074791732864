'use strict';
const { createHmac } = require('node:crypto');

/**
 * An access token as libs/identity issues it (HS256, claims {sub, ver, sid}, iss and aud pinned):
 * signing directly saves 200 logins (and their argon2 hashes) before each run.
 */
function signAccessToken({
  userId,
  sessionId,
  secret,
  issuer = 'parley',
  audience = 'parley-api',
  ttlSeconds = 3600,
}) {
  const now = Math.floor(Date.now() / 1000);
  const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ sub: userId, ver: 0, sid: sessionId, iat: now, exp: now + ttlSeconds, iss: issuer, aud: audience })}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

module.exports = { signAccessToken };
