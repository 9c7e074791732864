import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class BulkItemView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({
    description: 'false when there was nothing to do (decided so already) or the id is unknown',
  })
  changed: boolean;
  @ApiPropertyOptional({
    nullable: true,
    enum: ['visible', 'pending', 'deleted', 'removed'],
    type: String,
    description: 'The status after the decision; null for an unknown id',
  })
  status: string | null;
  @ApiPropertyOptional({
    nullable: true,
    enum: ['comment_not_found'],
    type: String,
    description: 'Why nothing was decided: the id names no comment',
  })
  error: string | null;
}

export class BulkResultView {
  @ApiProperty({
    type: [BulkItemView],
    description: 'One result per distinct id, in the order first given',
  })
  results: BulkItemView[];
}
