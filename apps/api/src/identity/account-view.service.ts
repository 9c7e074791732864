import { Injectable } from '@nestjs/common';
import { EntitlementService } from '@parley/billing';
import type { User } from '@parley/database';
import { effectiveStatus } from '@parley/identity';
import { UserView } from './dto/user.view';
import { toEntitlementView } from './entitlement.mapper';
import { toUserView } from './user.mapper';

/** Builds the account view (`/me`, register, login) with the same entitlement the posting gate uses. */
@Injectable()
export class AccountViewService {
  constructor(private readonly entitlements: EntitlementService) {}

  async build(user: User): Promise<UserView> {
    const entitlement = await this.entitlements.forUser({
      id: user.id,
      role: user.role,
      status: effectiveStatus(user),
      suspendedUntil: user.suspendedUntil,
    });
    return toUserView(user, toEntitlementView(entitlement));
  }
}
