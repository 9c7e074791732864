import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ArticleViewerView {
  @ApiProperty({ description: 'Whether the signed-in reader may post here now' })
  canComment: boolean;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    enum: [
      'user_banned',
      'user_suspended',
      'email_unverified',
      'comments_closed',
      'subscription_required',
      'forbidden',
    ],
    description: 'The error code a post would get now; null when allowed',
  })
  reason: string | null;
}

export class ArticleView {
  @ApiProperty({ example: 'politics/budget-2027' }) id: string;
  @ApiProperty() title: string;
  @ApiPropertyOptional({ nullable: true, type: String }) url: string | null;
  @ApiProperty({
    enum: ['open', 'closed'],
    description: 'closed by an editor, or once `closesAt` has passed',
  })
  state: string;
  @ApiProperty({
    enum: ['post', 'pre'],
    description:
      'What editors set with PUT: `pre`, every new comment waits for a moderator; `post`, comments appear at once unless a rule holds them, surge protection included: while `premoderatedUntil` is set, new comments wait whatever this says. It stays as set during a surge, so that a PUT answers with what it stored and a form filled from this view never turns a 30-minute surge into lasting pre-moderation.',
  })
  moderation: string;
  @ApiProperty({ description: 'Comments visible to the public (top-level and replies)' })
  commentCount: number;
  @ApiProperty({ enum: ['subscribers', 'registered', 'plans', 'staff'] }) audience: string;
  @ApiProperty({ type: [String], description: 'With audience plans: the plans that may post' })
  plans: string[];
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'When comments close (explicit, or ARTICLE_AUTO_CLOSE_DAYS after creation)',
  })
  closesAt: string | null;
  @ApiProperty({ description: 'Slow mode: seconds between two comments of one user; 0 off' })
  slowModeSeconds: number;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'date-time',
    description:
      "Surge protection (the site policy's surgeCommentsPerMinute): new comments wait as pending until then, whatever `moderation` says; null when no surge is on. A cached copy holding a time that has passed is out of date: that surge is over.",
  })
  premoderatedUntil: string | null;
  @ApiPropertyOptional({
    type: ArticleViewerView,
    description: 'Only for a signed-in reader (GET): whether and why they may post here',
  })
  viewer?: ArticleViewerView;
}

export class ArticleCountView {
  @ApiProperty() id: string;
  @ApiProperty() commentCount: number;
}

export class ArticleCountsView {
  @ApiProperty({ type: [ArticleCountView] }) items: ArticleCountView[];
}
