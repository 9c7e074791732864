import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class CommentAuthorView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() displayName: string;
  @ApiPropertyOptional({ nullable: true, enum: ['staff', 'subscriber'] }) badge:
    'staff' | 'subscriber' | null;
}

export class CommentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() articleId: string;
  @ApiPropertyOptional({ nullable: true, format: 'uuid', type: String }) parentId: string | null;
  @ApiProperty({ description: '0 for top-level comments, at most 3' }) depth: number;
  @ApiPropertyOptional({
    nullable: true,
    type: CommentAuthorView,
    description: 'null for deleted/removed placeholders',
  })
  author: CommentAuthorView | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Plain text as written (never HTML); null for placeholders',
  })
  body: string | null;
  @ApiProperty({ enum: ['visible', 'pending', 'deleted', 'removed'] }) status: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiPropertyOptional({ nullable: true, format: 'date-time', type: String }) editedAt:
    string | null;
  @ApiProperty() likeCount: number;
  @ApiProperty({
    description:
      'Direct replies readers see: visible ones, and deleted or removed ones still shown as placeholders',
  })
  replyCount: number;
  @ApiProperty({ description: 'false for anonymous readers' }) likedByMe: boolean;
  @ApiProperty() pinned: boolean;
}

export class CommentPageView {
  @ApiProperty({ type: [CommentView] }) items: CommentView[];
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Opaque; pass as `cursor` for the next page; null at the end',
  })
  nextCursor: string | null;
}
