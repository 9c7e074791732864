import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AUDIT_ACTIONS } from '@parley/audit';

export class AuditActorView {
  @ApiProperty({
    format: 'uuid',
    description: 'A bare user id (no name: erasure leaves nothing personal in the log)',
  })
  id: string;
}

export class AuditTargetView {
  @ApiProperty({ enum: ['comment', 'user', 'article', 'banned_words', 'webhook', 'policy'] })
  type: string;
  @ApiProperty({
    description:
      'A comment or user uuid, an article id, or `global` for the banned-word list and the site policy',
  })
  id: string;
}

export class AuditEntryView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiPropertyOptional({
    nullable: true,
    type: AuditActorView,
    description: 'null: the system acted (surge protection)',
  })
  actor: AuditActorView | null;
  @ApiProperty({ enum: AUDIT_ACTIONS }) action: string;
  @ApiProperty({ type: AuditTargetView }) target: AuditTargetView;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'The reject code, when one was given',
  })
  reasonCode: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'The free-text reason, when one was given',
  })
  reason: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'Details by action: comments {articleId, authorId, previousStatus, openReports} (comment.reinstate too); user.suspend {until}; user.note {noteId} (never the text); ' +
      'user.ban {removeComments, removedComments, wasBanned}; user.role {from, to}; user.complimentary.grant {until}; ' +
      'banned_words.replace {count, added, removed}; article.update {created, state?, moderation?} with {from, to}',
  })
  metadata: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class AuditPageView {
  @ApiProperty({ type: [AuditEntryView], description: 'Newest first' }) items: AuditEntryView[];
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Opaque; pass as `cursor` for the next page; null at the end',
  })
  nextCursor: string | null;
}
