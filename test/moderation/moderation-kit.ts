import { PrismaService } from '@parley/database';
import { registerAccount, registerStaff, TestAccount } from '../support/accounts';
import { createTestApp, TestApp } from '../support/test-app';

export const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/** A test app with an admin, a moderator and helpers for the moderation specs. */
export class ModerationKit {
  private constructor(
    readonly t: TestApp,
    readonly admin: TestAccount,
    readonly moderator: TestAccount,
  ) {}

  static async create(): Promise<ModerationKit> {
    const t = await createTestApp();
    const [admin, moderator] = await Promise.all([
      registerStaff(t, 'admin'),
      registerStaff(t, 'moderator'),
    ]);
    return new ModerationKit(t, admin, moderator);
  }

  close(): Promise<void> {
    return this.t.close();
  }

  /** A reader who may post: an admin gives them complimentary access through the API. */
  async commenter(): Promise<TestAccount> {
    const reader = await registerAccount(this.t);
    await this.t
      .http()
      .put(`/api/v1/admin/users/${reader.id}/complimentary`)
      .set(this.admin.auth)
      .send({})
      .expect(200);
    return reader;
  }

  post(path: string, who: TestAccount | undefined, body?: unknown) {
    const req = this.t.http().post(`/api/v1${path}`);
    if (who) req.set(who.auth);
    return body === undefined ? req : req.send(body as object);
  }

  get(path: string, who: TestAccount | undefined) {
    const req = this.t.http().get(`/api/v1${path}`);
    return who ? req.set(who.auth) : req;
  }

  async commentCount(articleId: string): Promise<number> {
    return (await this.get(`/articles/${encodeURIComponent(articleId)}`, undefined).expect(200))
      .body.commentCount;
  }

  /** Audit entries about one target, read from the table (the API lists the whole log). */
  auditEntries(targetId: string) {
    return this.t.app
      .get(PrismaService)
      .moderationAction.findMany({ where: { targetId }, orderBy: { createdAt: 'asc' } });
  }
}
