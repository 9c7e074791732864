import { Injectable } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { PrismaService, purgeInBatches, RetentionStep } from '@parley/database';

/**
 * Keeps at most COMMENT_REVISIONS_MAX earlier texts per comment. Edits already trim to the cap in
 * their own transaction; this catches what they cannot: revisions written before the cap existed,
 * or kept under a higher cap than the one configured now.
 */
@Injectable()
export class CommentRevisionRetention implements RetentionStep {
  readonly retentionName = 'comment_revisions';

  constructor(
    private readonly prisma: PrismaService,
    private readonly config: AppConfig,
  ) {}

  purgeExpired(): Promise<number> {
    const kept = this.config.values.COMMENT_REVISIONS_MAX;
    return purgeInBatches(
      (limit) => this.prisma.$executeRaw`
        DELETE FROM comment_revisions WHERE id IN (
          SELECT id FROM (
            SELECT id, row_number() OVER (
              PARTITION BY comment_id ORDER BY created_at DESC, id DESC) AS newer
            FROM comment_revisions) ranked
          WHERE newer > ${kept} LIMIT ${limit})`,
    );
  }
}
