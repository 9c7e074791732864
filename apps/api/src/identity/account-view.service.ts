import { Injectable } from '@nestjs/common';
import { EntitlementService } from '@parley/billing';
import { AccountService, UserRecord, UsersService } from '@parley/identity';
import { UserView } from './dto/user.view';
import { toEntitlementView } from './entitlement.mapper';
import { toUserView } from './user.mapper';

/** Builds the account view (`/me`, register, login) with the same entitlement the posting gate uses. */
@Injectable()
export class AccountViewService {
  constructor(
    private readonly entitlements: EntitlementService,
    private readonly users: UsersService,
    private readonly accounts: AccountService,
  ) {}

  async forUser(userId: string): Promise<UserView> {
    return this.build(await this.users.getById(userId));
  }

  async updateDisplayName(userId: string, displayName: string): Promise<UserView> {
    return this.build(await this.accounts.updateDisplayName(userId, displayName));
  }

  async build(user: UserRecord): Promise<UserView> {
    const entitlement = await this.entitlements.forUser({
      id: user.id,
      role: user.role,
      status: user.status,
      suspendedUntil: user.suspendedUntil,
      emailVerified: user.emailVerifiedAt !== null,
    });
    return toUserView(user, toEntitlementView(entitlement));
  }
}
