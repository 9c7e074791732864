import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { isUniqueViolation, PrismaService } from '@parley/database';
import { checkEmail, checkPassword, normalizeEmail } from './account-text';
import { PasswordHasher } from './password-hasher.service';

const ADMIN_DISPLAY_NAME = 'Administrator';

/**
 * ADMIN_EMAIL + ADMIN_PASSWORD: at start-up that account exists and is an admin. It is created when
 * missing and promoted when not an admin; an existing account's password is never changed. Safe
 * with several instances starting at once: the unique email decides who creates, the rest promote.
 */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminBootstrapService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly hasher: PasswordHasher,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { ADMIN_EMAIL, ADMIN_PASSWORD } = this.config.values;
    if (!ADMIN_EMAIL || !ADMIN_PASSWORD) return;
    const email = checkEmail(ADMIN_EMAIL);
    const emailNormalized = normalizeEmail(email);
    if (await this.promote(emailNormalized)) return;
    const passwordHash = await this.hasher.hash(checkPassword(ADMIN_PASSWORD, 'ADMIN_PASSWORD'));
    try {
      await this.prisma.user.create({
        data: {
          email,
          emailNormalized,
          displayName: ADMIN_DISPLAY_NAME,
          passwordHash,
          role: 'admin',
          // The operator vouches for ADMIN_EMAIL: it counts as verified.
          emailVerifiedAt: new Date(),
        },
      });
      this.logger.log('Created the admin account from ADMIN_EMAIL');
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      await this.promote(emailNormalized);
    }
  }

  /** Makes an existing account an admin (lifting any sanction); false when there is none. */
  private async promote(emailNormalized: string): Promise<boolean> {
    const user = await this.prisma.user.findUnique({
      where: { emailNormalized },
      select: { id: true, role: true },
    });
    if (!user) return false;
    if (user.role !== 'admin') {
      await this.prisma.user.update({
        where: { id: user.id },
        data: {
          role: 'admin',
          status: 'active',
          suspendedUntil: null,
          emailVerifiedAt: new Date(),
        },
      });
      this.logger.log('Promoted the ADMIN_EMAIL account to admin');
    }
    return true;
  }
}
