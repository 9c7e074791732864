import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ArticleView {
  @ApiProperty({ example: 'politics/budget-2027' }) id: string;
  @ApiProperty() title: string;
  @ApiPropertyOptional({ nullable: true, type: String }) url: string | null;
  @ApiProperty({ enum: ['open', 'closed'] }) state: string;
  @ApiProperty({ enum: ['post', 'pre'] }) moderation: string;
  @ApiProperty({ description: 'Comments visible to the public (top-level and replies)' })
  commentCount: number;
}

export class ArticleCountView {
  @ApiProperty() id: string;
  @ApiProperty() commentCount: number;
}

export class ArticleCountsView {
  @ApiProperty({ type: [ArticleCountView] }) items: ArticleCountView[];
}
