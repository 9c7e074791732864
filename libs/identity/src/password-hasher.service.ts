import { Injectable } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import * as argon2 from 'argon2';
import { WorkBudget } from './work-budget';

// OWASP's argon2id recommendation: 19 MiB of memory, 2 iterations, 1 lane.
const HASH_OPTIONS = {
  type: argon2.argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

/**
 * argon2 hashes and checks, under their own budget (PASSWORD_HASH_CONCURRENCY at once,
 * PASSWORD_HASH_QUEUE waiting, 503 beyond): each one takes tens of milliseconds of a CPU core
 * and 19 MiB, so a flood of logins must not take the cores, the memory or the in-flight slots
 * that readers need. A refusal is an error, never a wrong password.
 */
@Injectable()
export class PasswordHasher {
  // Verified against when the email is unknown, so that both failures cost the same time.
  private readonly decoy = argon2.hash('parley-decoy-password', HASH_OPTIONS);
  private readonly budget: WorkBudget;

  constructor({ values }: AppConfig) {
    this.budget = new WorkBudget(
      values.PASSWORD_HASH_CONCURRENCY,
      values.PASSWORD_HASH_QUEUE,
      'password checks',
    );
  }

  /** 503 now if a check would be refused anyway: lets a flood be turned away before any lookup. */
  assertRoom(): void {
    this.budget.assertRoom();
  }

  hash(password: string): Promise<string> {
    return this.budget.run(() => argon2.hash(password, HASH_OPTIONS));
  }

  async verify(hash: string | null | undefined, password: string): Promise<boolean> {
    const against = hash ?? (await this.decoy);
    return this.budget.run(() => checkArgon2(against, password));
  }

  /** Burns the same time as a real verification, for unknown accounts. */
  async verifyDecoy(password: string): Promise<false> {
    await this.verify(await this.decoy, password);
    return false;
  }

  /**
   * Looks the account up and checks the password against it (or the decoy) in one turn of the
   * budget: logins waiting for a turn hold no database connection, so a flood of them cannot
   * take the pool that readers' queries need.
   */
  async lookUpAndVerify<T extends { passwordHash: string | null }>(
    find: () => Promise<T | null>,
    password: string,
  ): Promise<{ found: T | null; valid: boolean }> {
    const decoy = await this.decoy;
    return this.budget.run(async () => {
      const found = await find();
      const valid = await checkArgon2(found?.passwordHash ?? decoy, password);
      return { found, valid: valid && Boolean(found?.passwordHash) };
    });
  }
}

async function checkArgon2(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}
