import { Injectable } from '@nestjs/common';
import { PrismaService, Tx } from '@parley/database';
import type { ReportReasonName } from './comment-record';

export interface StoredReport {
  id: string;
  commentId: string;
  reason: ReportReasonName;
  note: string | null;
  createdAt: Date;
}

/** The open reports of one comment: counts by reason, and the latest notes, newest first. */
export interface OpenReports {
  reportCounts: Record<ReportReasonName, number>;
  latestNotes: { reason: ReportReasonName; note: string; createdAt: Date }[];
}

const NOTES_PER_COMMENT = 5;

/**
 * `comment_reports`, and the counters of comments that follow them (`open_report_count`, and
 * `reported_at`: when the first still-open report arrived). Each change moves the reports and
 * their counters in one statement.
 */
@Injectable()
export class CommentReportStore {
  constructor(private readonly prisma: PrismaService) {}

  /** One report per user and comment: true when this one is new (false: the user reported it before). */
  async add(report: {
    commentId: string;
    reporterId: string;
    reason: ReportReasonName;
    note: string | null;
  }): Promise<boolean> {
    const added = await this.prisma.$queryRaw<{ id: string }[]>`
      WITH added AS (
        INSERT INTO comment_reports (id, comment_id, reporter_id, reason, note)
        VALUES (gen_random_uuid(), ${report.commentId}::uuid, ${report.reporterId}::uuid,
          ${report.reason}::"ReportReason", ${report.note})
        ON CONFLICT (comment_id, reporter_id) DO NOTHING RETURNING comment_id
      )
      UPDATE comments SET open_report_count = open_report_count + 1, reported_at = COALESCE(reported_at, now())
      WHERE id IN (SELECT comment_id FROM added) RETURNING id::text AS id`;
    return added.length > 0;
  }

  /** The user's report of the comment. */
  async get(commentId: string, reporterId: string): Promise<StoredReport> {
    const report = await this.prisma.commentReport.findUniqueOrThrow({
      where: { commentId_reporterId: { commentId, reporterId } },
      select: { id: true, commentId: true, reason: true, note: true, createdAt: true },
    });
    return report;
  }

  /**
   * Resolves the open reports of these comments and sets their counters to none open; returns
   * how many reports it resolved.
   */
  async resolveOpen(commentIds: string[], tx: Tx): Promise<number> {
    if (commentIds.length === 0) return 0;
    const [{ n }] = await tx.$queryRaw<{ n: number }[]>`
      WITH resolved AS (
        UPDATE comment_reports SET state = 'resolved'
        WHERE state = 'open' AND comment_id = ANY(${commentIds}::uuid[]) RETURNING comment_id
      ), cleared AS (
        UPDATE comments SET open_report_count = 0, reported_at = NULL
        WHERE id IN (SELECT comment_id FROM resolved)
      )
      SELECT count(*)::int AS n FROM resolved`;
    return n;
  }

  /** The open reports of these comments, by comment id, in two queries whatever their number. */
  async openOf(commentIds: string[], db: Tx = this.prisma): Promise<Map<string, OpenReports>> {
    const byComment = new Map<string, OpenReports>(
      commentIds.map((id) => [
        id,
        { reportCounts: { spam: 0, abuse: 0, off_topic: 0, other: 0 }, latestNotes: [] },
      ]),
    );
    if (commentIds.length === 0) return byComment;
    const [counts, notes] = await Promise.all([
      db.$queryRaw<{ commentId: string; reason: ReportReasonName; n: number }[]>`
        SELECT comment_id::text AS "commentId", reason::text AS reason, count(*)::int AS n FROM comment_reports
        WHERE state = 'open' AND comment_id = ANY(${commentIds}::uuid[]) GROUP BY comment_id, reason`,
      db.$queryRaw<
        { commentId: string; reason: ReportReasonName; note: string; createdAt: Date }[]
      >`
        SELECT "commentId", reason, note, "createdAt" FROM (
          SELECT comment_id::text AS "commentId", reason::text AS reason, note, created_at AS "createdAt",
            row_number() OVER (PARTITION BY comment_id ORDER BY created_at DESC) AS rank
          FROM comment_reports WHERE state = 'open' AND note IS NOT NULL AND comment_id = ANY(${commentIds}::uuid[])
        ) ranked WHERE rank <= ${NOTES_PER_COMMENT} ORDER BY "createdAt" DESC`,
    ]);
    for (const row of counts) {
      const open = byComment.get(row.commentId);
      if (open) open.reportCounts[row.reason] = row.n;
    }
    for (const { commentId, ...note } of notes) byComment.get(commentId)?.latestNotes.push(note);
    return byComment;
  }

  /** The user's reports, oldest first (data export). */
  listByReporter(
    reporterId: string,
  ): Promise<
    { commentId: string; reason: string; note: string | null; state: string; createdAt: Date }[]
  > {
    return this.prisma.commentReport.findMany({
      where: { reporterId },
      orderBy: { createdAt: 'asc' },
      select: { commentId: true, reason: true, note: true, state: true, createdAt: true },
    });
  }

  /**
   * Reports the user made, and reports others made on the user's comments (open or resolved), in
   * one statement on the reporter and author indexes.
   */
  async countsAbout(userId: string): Promise<{ made: number; received: number }> {
    const [row] = await this.prisma.$queryRaw<{ made: number; received: number }[]>`
      SELECT
        (SELECT count(*)::int FROM comment_reports WHERE reporter_id = ${userId}::uuid) AS made,
        (SELECT count(*)::int FROM comment_reports r JOIN comments c ON c.id = r.comment_id
          WHERE c.author_id = ${userId}::uuid) AS received`;
    return row;
  }
}
