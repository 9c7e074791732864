import { PrismaService } from '@parley/database';
import { registerAccount, registerStaff, TestAccount } from '../support/accounts';
import { BillingKit, createBillingKit } from '../support/billing';

export const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/** The app with fake Stripe (subscriber tenure), an admin, a moderator and request helpers. */
export class ModeratorToolsKit {
  private constructor(
    readonly billing: BillingKit,
    readonly admin: TestAccount,
    readonly moderator: TestAccount,
  ) {}

  static async create(): Promise<ModeratorToolsKit> {
    const billing = await createBillingKit();
    const [admin, moderator] = await Promise.all([
      registerStaff(billing.t, 'admin'),
      registerStaff(billing.t, 'moderator'),
    ]);
    return new ModeratorToolsKit(billing, admin, moderator);
  }

  get t() {
    return this.billing.t;
  }

  get prisma(): PrismaService {
    return this.billing.prisma;
  }

  close(): Promise<void> {
    return this.billing.close();
  }

  /** A reader who may post through a complimentary grant. */
  async commenter(): Promise<TestAccount> {
    const reader = await registerAccount(this.t);
    await this.put(`/admin/users/${reader.id}/complimentary`, this.admin, {}).expect(200);
    return reader;
  }

  /** A reader who may post through a Stripe subscription (completed in the fake). */
  async subscriber(): Promise<TestAccount> {
    const reader = await registerAccount(this.t);
    await this.billing.subscribe(reader);
    return reader;
  }

  post(path: string, who: TestAccount | undefined, body?: unknown) {
    const req = this.t.http().post(`/api/v1${path}`);
    if (who) req.set(who.auth);
    return body === undefined ? req : req.send(body as object);
  }

  put(path: string, who: TestAccount | undefined, body: unknown) {
    const req = this.t.http().put(`/api/v1${path}`);
    if (who) req.set(who.auth);
    return req.send(body as object);
  }

  get(path: string, who: TestAccount | undefined) {
    const req = this.t.http().get(`/api/v1${path}`);
    return who ? req.set(who.auth) : req;
  }

  async commentCount(articleId: string): Promise<number> {
    return (await this.get(`/articles/${encodeURIComponent(articleId)}`, undefined).expect(200))
      .body.commentCount;
  }

  /** Audit entries about one target, oldest first, read from the table. */
  auditEntries(targetId: string) {
    return this.prisma.moderationAction.findMany({
      where: { targetId },
      orderBy: { createdAt: 'asc' },
    });
  }
}
