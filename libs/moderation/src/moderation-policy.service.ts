import { Injectable } from '@nestjs/common';
import { AuditLogStore } from '@parley/audit';
import { UsersService } from '@parley/identity';
import { SitePolicy, SitePolicyService } from '@parley/threads';

export interface PolicyResult {
  policy: SitePolicy;
  changed: boolean;
}

export interface UserPremoderationResult {
  userId: string;
  premoderated: boolean;
  changed: boolean;
}

/**
 * The site-wide posting policy and per-user pre-moderation, both stored by threads (whose posting
 * rules read them) and changed here with their audit entry, in the change's transaction. A
 * change that changes nothing writes no entry.
 */
@Injectable()
export class ModerationPolicyService {
  constructor(
    private readonly site: SitePolicyService,
    private readonly users: UsersService,
    private readonly audit: AuditLogStore,
  ) {}

  get(): Promise<SitePolicy> {
    return this.site.get();
  }

  async update(actorId: string, change: Partial<SitePolicy>): Promise<PolicyResult> {
    let changed = false;
    const { policy } = await this.site.update(change, async (tx, { previous, policy }) => {
      const fields = (Object.keys(policy) as (keyof SitePolicy)[]).filter(
        (field) => previous[field] !== policy[field],
      );
      changed = fields.length > 0;
      if (!changed) return;
      await this.audit.record(
        {
          actorId,
          action: 'policy.update',
          target: { type: 'policy', id: 'global' },
          metadata: Object.fromEntries(
            fields.map((field) => [field, { from: previous[field], to: policy[field] }]),
          ),
        },
        tx,
      );
    });
    return { policy, changed };
  }

  /** 404 not_found for an unknown or erased account. */
  async setUserPremoderated(
    actorId: string,
    userId: string,
    enabled: boolean,
  ): Promise<UserPremoderationResult> {
    await this.users.getById(userId);
    const changed = await this.site.setUserPremoderated(userId, enabled, async (tx, changed) => {
      if (!changed) return;
      await this.audit.record(
        {
          actorId,
          action: 'user.premoderate',
          target: { type: 'user', id: userId },
          metadata: { enabled },
        },
        tx,
      );
    });
    return { userId, premoderated: enabled, changed };
  }
}
