import { Injectable } from '@nestjs/common';
import { ComplimentaryGrantView, ComplimentaryService } from '@parley/billing';
import { AuditLogStore } from '@parley/audit';

/**
 * Complimentary grants with their audit entry (billing cannot import moderation, so the app
 * composes the two). Every grant sets the end date and the granting admin, so each one is
 * audited; a revoke only when there was a grant to revoke.
 */
@Injectable()
export class AuditedComplimentaryService {
  constructor(
    private readonly complimentary: ComplimentaryService,
    private readonly audit: AuditLogStore,
  ) {}

  async grant(
    actorId: string,
    userId: string,
    until: Date | null,
  ): Promise<ComplimentaryGrantView> {
    const grant = await this.complimentary.grant(userId, until, actorId);
    await this.audit.record({
      actorId,
      action: 'user.complimentary.grant',
      target: { type: 'user', id: userId },
      metadata: { until: grant.until?.toISOString() ?? null },
    });
    return grant;
  }

  async revoke(actorId: string, userId: string): Promise<void> {
    if (await this.complimentary.revoke(userId)) {
      await this.audit.record({
        actorId,
        action: 'user.complimentary.revoke',
        target: { type: 'user', id: userId },
      });
    }
  }
}
