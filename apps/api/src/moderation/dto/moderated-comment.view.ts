import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ModeratedAuthorView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() displayName: string;
  @ApiPropertyOptional({
    nullable: true,
    format: 'date-time',
    type: String,
    description:
      'Tenure: since when the author has held the subscription (or complimentary grant) now in force; null when none is in force',
  })
  subscriberSince: string | null;
}

export class ReportCountsView {
  @ApiProperty() spam: number;
  @ApiProperty() abuse: number;
  @ApiProperty() off_topic: number;
  @ApiProperty() other: number;
}

export class ReportNoteView {
  @ApiProperty({ enum: ['spam', 'abuse', 'off_topic', 'other'] }) reason: string;
  @ApiProperty() note: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

/** A comment as moderators see it: body and author even while pending or removed. */
export class ModeratedCommentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() articleId: string;
  @ApiPropertyOptional({ nullable: true, format: 'uuid', type: String }) parentId: string | null;
  @ApiProperty({ description: '0 for top-level comments, at most 3' }) depth: number;
  @ApiPropertyOptional({
    nullable: true,
    type: ModeratedAuthorView,
    description: "null once the author's account is erased",
  })
  author: ModeratedAuthorView | null;
  @ApiProperty({
    description: 'The text as written, whatever the status (empty once the author is erased)',
  })
  body: string;
  @ApiProperty({ enum: ['visible', 'pending', 'deleted', 'removed'] }) status: string;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    enum: [
      'new_commenter',
      'link',
      'banned_word',
      'score',
      'surge',
      'user_premoderated',
      'article_premoderated',
    ],
    description:
      'Why it waits (or waited): the first posting rule that held it; null when none did',
  })
  holdReason: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    minimum: 0,
    maximum: 1,
    description: 'Toxicity score (SCORING_URL) of its latest text; null when unscored',
  })
  score: number | null;
  @ApiProperty() pinned: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiPropertyOptional({ nullable: true, format: 'date-time', type: String }) editedAt:
    string | null;
  @ApiProperty() likeCount: number;
  @ApiProperty({
    description:
      'Direct replies readers see: visible ones, and deleted or removed ones still shown as placeholders',
  })
  replyCount: number;
  @ApiProperty({ description: 'Open reports, all reasons' }) openReportCount: number;
  @ApiPropertyOptional({
    nullable: true,
    format: 'date-time',
    type: String,
    description: 'When the oldest open report arrived',
  })
  reportedAt: string | null;
  @ApiProperty({ type: ReportCountsView, description: 'Open reports by reason' })
  reportCounts: ReportCountsView;
  @ApiProperty({
    type: [ReportNoteView],
    description: 'The latest notes of open reports (up to 5), newest first',
  })
  latestNotes: ReportNoteView[];
}

export class ModerationQueueView {
  @ApiProperty({ type: [ModeratedCommentView], description: 'Oldest first' })
  items: ModeratedCommentView[];
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Opaque; pass as `cursor` for the next page; null at the end',
  })
  nextCursor: string | null;
}

export class DecisionView {
  @ApiProperty({
    description:
      'false when there was nothing to do (repeated decision): no audit entry was written',
  })
  changed: boolean;
  @ApiProperty({ type: ModeratedCommentView, description: 'The comment after the decision' })
  comment: ModeratedCommentView;
}
