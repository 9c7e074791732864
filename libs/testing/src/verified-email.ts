import type { PrismaService } from '@parley/database';

/**
 * Test-only shortcut: marks an account's address verified in the database, as following the
 * verification link would (test/identity/email-verification.e2e-spec.ts covers the link itself).
 * Factories use it so that specs about posting need not read mail.
 */
export async function markEmailVerified(prisma: PrismaService, userId: string): Promise<void> {
  await prisma.user.update({ where: { id: userId }, data: { emailVerifiedAt: new Date() } });
}
