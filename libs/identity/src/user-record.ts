import type { AccountStatus, Role } from './auth-user';

/**
 * An account as identity stores it (table `users`). Erased accounts keep the row with its bare
 * id; `email`, `displayName` and `passwordHash` are then null.
 */
export interface UserRecord {
  id: string;
  email: string | null;
  /** The trimmed, lower-cased address: unique among accounts that are not erased. */
  emailNormalized: string | null;
  displayName: string | null;
  passwordHash: string | null;
  role: Role;
  status: AccountStatus;
  suspendedUntil: Date | null;
  /** Access tokens carry the version they were issued under; bumping it refuses them all. */
  tokenVersion: number;
  erasedAt: Date | null;
  emailVerifiedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}
