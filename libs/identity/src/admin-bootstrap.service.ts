import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig, ConfigError } from '@parley/config';
import { isUniqueViolation } from '@parley/database';
import { checkEmail, checkPassword, normalizeEmail } from './account-text';
import { PasswordHasher } from './password-hasher.service';
import { UserStore } from './user.store';

const ADMIN_DISPLAY_NAME = 'Administrator';

/**
 * ADMIN_EMAIL + ADMIN_PASSWORD: at start-up that account exists and is an admin. It is created when
 * missing. An existing account that is not an admin is promoted only when ADMIN_PASSWORD is its
 * password: otherwise whoever registered the address first (before the operator configured it)
 * would become admin, so start-up stops with one line (a ConfigError, printed by main.ts). An
 * existing account's password is never changed. Safe with several instances starting at once: the
 * unique email decides who creates, the rest promote (with the same password check).
 */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminBootstrapService.name);

  constructor(
    private readonly users: UserStore,
    private readonly hasher: PasswordHasher,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { ADMIN_EMAIL, ADMIN_PASSWORD } = this.config.values;
    if (!ADMIN_EMAIL || !ADMIN_PASSWORD) return;
    const email = checkEmail(ADMIN_EMAIL);
    const emailNormalized = normalizeEmail(email);
    if (await this.promote(emailNormalized, ADMIN_PASSWORD)) return;
    const passwordHash = await this.hasher.hash(checkPassword(ADMIN_PASSWORD, 'ADMIN_PASSWORD'));
    try {
      await this.users.create({
        email,
        emailNormalized,
        displayName: ADMIN_DISPLAY_NAME,
        passwordHash,
        role: 'admin',
        // The operator vouches for ADMIN_EMAIL: it counts as verified.
        emailVerifiedAt: new Date(),
      });
      this.logger.log('Created the admin account from ADMIN_EMAIL');
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      await this.promote(emailNormalized, ADMIN_PASSWORD);
    }
  }

  /**
   * Makes an existing account an admin (lifting any sanction) when the password is its own; false
   * when there is none. An account that is already an admin is left alone, whatever its password
   * is now (an admin may have changed it since).
   */
  private async promote(emailNormalized: string, password: string): Promise<boolean> {
    const user = await this.users.findByEmail(emailNormalized);
    if (!user) return false;
    if (user.role !== 'admin') {
      if (!user.passwordHash || !(await this.hasher.verify(user.passwordHash, password))) {
        throw new ConfigError(
          'ADMIN_PASSWORD',
          'is not the password of the existing account ADMIN_EMAIL names, so it was not made an admin; sign in as that account to check it is yours, or choose another ADMIN_EMAIL',
        );
      }
      await this.users.promoteToAdmin(user.id);
      this.logger.log('Promoted the ADMIN_EMAIL account to admin');
    }
    return true;
  }
}
