import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ReportView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) commentId: string;
  @ApiProperty({ enum: ['spam', 'abuse', 'off_topic', 'other'] }) reason: string;
  @ApiPropertyOptional({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
