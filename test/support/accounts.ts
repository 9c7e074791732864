import { PrismaService } from '@parley/database';
import { markEmailVerified } from '@parley/testing';
import { createHash, randomUUID } from 'node:crypto';
import type { Test } from 'supertest';
import type { TestApp } from './test-app';

export interface TestAccount {
  id: string;
  email: string;
  password: string;
  displayName: string;
  accessToken: string;
  refreshToken: string;
  auth: { Authorization: string };
}

export function uniqueEmail(prefix = 'reader'): string {
  return `${prefix}-${randomUUID()}@example.com`;
}

/**
 * Registers a fresh reader through the API, with a verified address (marked in the database, see
 * markEmailVerified; `verified: false` leaves it as registration does).
 */
export async function registerAccount(
  t: TestApp,
  overrides: Partial<{ email: string; password: string; displayName: string }> = {},
  { verified = true }: { verified?: boolean } = {},
): Promise<TestAccount> {
  const input = {
    email: uniqueEmail(),
    password: 'correct horse battery',
    displayName: 'Test Reader',
    ...overrides,
  };
  const response = await t.http().post('/api/v1/auth/register').send(input).expect(201);
  const { accessToken, refreshToken, user } = response.body;
  if (verified) await markEmailVerified(t.app.get(PrismaService), user.id);
  return {
    ...input,
    id: user.id,
    accessToken,
    refreshToken,
    auth: { Authorization: `Bearer ${accessToken}` },
  };
}

/** Registers an account and gives it a staff role (directly: role changes have their own specs). */
export async function registerStaff(
  t: TestApp,
  role: 'moderator' | 'admin' = 'moderator',
): Promise<TestAccount> {
  const account = await registerAccount(t, { displayName: `Test ${role}` });
  await t.app.get(PrismaService).user.update({ where: { id: account.id }, data: { role } });
  return account;
}

export function bearer(accessToken: string): { Authorization: string } {
  return { Authorization: `Bearer ${accessToken}` };
}

/** How Parley stores a refresh token: its SHA-256, in hex. */
export function refreshTokenHash(refreshToken: string): string {
  return createHash('sha256').update(refreshToken).digest('hex');
}

/** POST /auth/login (a supertest request: chain .expect()). */
export function login(t: TestApp, email: unknown, password: unknown): Test {
  return t.http().post('/api/v1/auth/login').send({ email, password });
}

/** POST /auth/refresh. */
export function refresh(t: TestApp, refreshToken: unknown): Test {
  return t.http().post('/api/v1/auth/refresh').send({ refreshToken });
}

/** POST /auth/logout: ends the account's registration login (its refresh token's family). */
export async function logout(t: TestApp, account: TestAccount): Promise<void> {
  await t
    .http()
    .post('/api/v1/auth/logout')
    .set(account.auth)
    .send({ refreshToken: account.refreshToken })
    .expect(204);
}

/** GET /me with an access token. */
export function me(t: TestApp, accessToken: string): Test {
  return t.http().get('/api/v1/me').set(bearer(accessToken));
}

/** Signs the account in once more: a second login beside the one registration opened. */
export async function loginAgain(
  t: TestApp,
  account: TestAccount,
): Promise<{ accessToken: string; refreshToken: string }> {
  return (await login(t, account.email, account.password).expect(200)).body;
}
