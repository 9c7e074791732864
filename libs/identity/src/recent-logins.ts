import type { AuthUser } from './auth-user';

/** Logins kept at most; expired ones go first, then all (a miss only costs the usual query). */
const MAX_ENTRIES = 10_000;

/**
 * Users whose login (user, token version, login id) was found live in the last `ttlMs`, in
 * process: reads that may use a login check that recent take it from here instead of the
 * database (see AccessTokenVerifier.userOf). 0 keeps nothing.
 */
export class RecentLogins {
  private readonly entries = new Map<string, { user: AuthUser; until: number }>();

  constructor(private readonly ttlMs: number) {}

  get(key: string, now: number): AuthUser | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (now < entry.until) return entry.user;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, user: AuthUser, now: number): void {
    if (this.ttlMs <= 0) return;
    if (this.entries.size >= MAX_ENTRIES) {
      for (const [old, entry] of this.entries) if (entry.until <= now) this.entries.delete(old);
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    }
    this.entries.set(key, { user, until: now + this.ttlMs });
  }
}
