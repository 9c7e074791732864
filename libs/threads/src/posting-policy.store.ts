import { Injectable } from '@nestjs/common';
import { Prisma, SqlClient, Tx } from '@parley/database';

/** The site-wide rules set by admins (moderation's `GET/PUT /moderation/policy`). */
export interface SitePolicy {
  /** A user's first N comments wait (0: off). */
  newCommenterPremoderation: number;
  /** Comments with links wait. */
  holdLinks: boolean;
  /** An article receiving more than N comments a minute is pre-moderated for 30 minutes (0: off). */
  surgeCommentsPerMinute: number;
}

export const SITE_POLICY_DEFAULTS: SitePolicy = {
  newCommenterPremoderation: 0,
  holdLinks: false,
  surgeCommentsPerMinute: 0,
};

const FIELDS = { newCommenterPremoderation: true, holdLinks: true, surgeCommentsPerMinute: true };

/** `posting_policies`: one row (id 1), absent until the first change (then the defaults hold). */
@Injectable()
export class PostingPolicyStore {
  constructor(private readonly sql: SqlClient) {}

  /** In the caller's transaction when given one. */
  async get(tx?: Tx): Promise<SitePolicy> {
    if (tx)
      return (
        (await tx.postingPolicy.findUnique({ where: { id: 1 }, select: FIELDS })) ??
        SITE_POLICY_DEFAULTS
      );
    // Every post's rules read it (cached); SqlClient keeps Prisma's engine out of that path.
    const [row] = await this.sql.query<SitePolicy>(Prisma.sql`
      SELECT new_commenter_premoderation AS "newCommenterPremoderation",
             hold_links AS "holdLinks",
             surge_comments_per_minute AS "surgeCommentsPerMinute"
      FROM posting_policies WHERE id = 1`);
    return row ?? SITE_POLICY_DEFAULTS;
  }

  /**
   * Sets the fields given and returns the policy before and after. The row is locked (created
   * first when absent), so two racing changes each see what the other stored.
   */
  async update(
    change: Partial<SitePolicy>,
    tx: Tx,
  ): Promise<{ previous: SitePolicy; policy: SitePolicy }> {
    await tx.$executeRaw`INSERT INTO posting_policies (id) VALUES (1) ON CONFLICT (id) DO NOTHING`;
    await tx.$queryRaw`SELECT id FROM posting_policies WHERE id = 1 FOR UPDATE`;
    const previous = await this.get(tx);
    const policy = await tx.postingPolicy.update({
      where: { id: 1 },
      data: change,
      select: FIELDS,
    });
    return { previous, policy };
  }
}
