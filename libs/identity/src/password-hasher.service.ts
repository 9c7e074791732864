import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';

// OWASP's argon2id recommendation: 19 MiB of memory, 2 iterations, 1 lane.
const HASH_OPTIONS = {
  type: argon2.argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

@Injectable()
export class PasswordHasher {
  // Verified against when the email is unknown, so that both failures cost the same time.
  private readonly decoy = argon2.hash('parley-decoy-password', HASH_OPTIONS);

  hash(password: string): Promise<string> {
    return argon2.hash(password, HASH_OPTIONS);
  }

  async verify(hash: string | null | undefined, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash ?? (await this.decoy), password);
    } catch {
      return false;
    }
  }

  /** Burns the same time as a real verification, for unknown accounts. */
  async verifyDecoy(password: string): Promise<false> {
    await this.verify(await this.decoy, password).catch(() => false);
    return false;
  }
}
