import { Injectable } from '@nestjs/common';
import { EntitlementService } from '@parley/billing';
import { AccountDataService } from '@parley/identity';
import { NotificationSettingsService } from '@parley/notifications';
import { AuthorDataService } from '@parley/threads';
import { toEntitlementView } from './entitlement.mapper';

/**
 * GET /me/export: everything Parley stores about the account, asked of each lib that owns a
 * part (identity, with the publisher sign-in link; threads, billing, notifications), so an access request (GDPR art. 15) needs no
 * operator. Secrets (password hash, token hashes) are left out.
 */
@Injectable()
export class AccountExportService {
  constructor(
    private readonly accounts: AccountDataService,
    private readonly authors: AuthorDataService,
    private readonly entitlements: EntitlementService,
    private readonly notifications: NotificationSettingsService,
  ) {}

  async exportOf(userId: string): Promise<Record<string, unknown>> {
    const { profile, sessions, publisherSignIn } = await this.accounts.exportOf(userId);
    const [threads, entitlement, notifications] = await Promise.all([
      this.authors.exportOf(userId),
      this.entitlements.forUser({
        id: profile.id,
        role: profile.role,
        status: profile.status,
        suspendedUntil: profile.suspendedUntil,
        emailVerified: profile.emailVerifiedAt !== null,
      }),
      this.notifications.get(userId),
    ]);
    return {
      exportedAt: new Date().toISOString(),
      profile,
      comments: threads.comments,
      reports: threads.reports,
      likes: threads.likes,
      sessions,
      publisherSignIn,
      subscription: toEntitlementView(entitlement),
      notifications,
    };
  }
}
