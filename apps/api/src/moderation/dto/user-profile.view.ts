import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NoteView } from './note.view';

export class ProfileUserView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ['reader', 'moderator', 'admin'] }) role: string;
  @ApiProperty({ enum: ['active', 'suspended', 'banned'], description: 'The status in force now' })
  status: string;
  @ApiPropertyOptional({
    nullable: true,
    format: 'date-time',
    type: String,
    description: 'For `suspended`: when it ends',
  })
  suspendedUntil: string | null;
  @ApiProperty() emailVerified: boolean;
}

export class ProfilePlanView {
  @ApiProperty({ enum: ['stripe', 'complimentary'] }) source: string;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description:
      'The Stripe price of the subscription (see GET /billing/plans); null when complimentary',
  })
  priceId: string | null;
}

export class CommentCountsView {
  @ApiProperty() visible: number;
  @ApiProperty() pending: number;
  @ApiProperty({ description: 'Rejected by a moderator or removed with a ban' }) removed: number;
  @ApiProperty({ description: 'Deleted by the author' }) deleted: number;
}

export class ReportTotalsView {
  @ApiProperty({ description: 'Reports this user made' }) made: number;
  @ApiProperty({ description: "Reports others made on this user's comments (open or resolved)" })
  received: number;
}

export class ProfileSanctionView {
  @ApiProperty({ enum: ['suspend', 'ban', 'unban'] }) action: string;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The moderator or admin (a bare id); null for an action of the system',
  })
  actorId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) reason: string | null;
  @ApiPropertyOptional({
    nullable: true,
    format: 'date-time',
    type: String,
    description: 'For `suspend`: until when',
  })
  until: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

/** A user as moderators judge them. */
export class UserProfileView {
  @ApiProperty({ type: ProfileUserView }) user: ProfileUserView;
  @ApiProperty({ format: 'date-time', description: 'When the account was created' })
  memberSince: string;
  @ApiPropertyOptional({
    nullable: true,
    format: 'date-time',
    type: String,
    description:
      'Tenure: since when the user has held the subscription (or complimentary grant) now in force, as Parley first recorded it; null when none is in force',
  })
  subscriberSince: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: ProfilePlanView,
    description: 'The grant that subscriberSince dates; null when none is in force',
  })
  plan: ProfilePlanView | null;
  @ApiProperty({ type: CommentCountsView, description: "The user's comments by status" })
  commentCounts: CommentCountsView;
  @ApiProperty({ type: ReportTotalsView }) reports: ReportTotalsView;
  @ApiProperty({
    type: [ProfileSanctionView],
    description: 'Suspensions, bans and their lifting from the audit log, newest first (up to 50)',
  })
  sanctions: ProfileSanctionView[];
  @ApiProperty({ type: [NoteView], description: "Moderators' notes, newest first (up to 50)" })
  notes: NoteView[];
  @ApiProperty({ description: 'How many notes there are in all' }) notesTotal: number;
}
