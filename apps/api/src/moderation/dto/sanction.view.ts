import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class SanctionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['active', 'suspended', 'banned'], description: 'The status in force now' })
  status: string;
  @ApiPropertyOptional({
    nullable: true,
    format: 'date-time',
    type: String,
    description: 'For `suspended`: when it ends',
  })
  suspendedUntil: string | null;
  @ApiProperty({
    description:
      'false when the account was so already (and, for a ban, no comment was removed): no audit entry was written',
  })
  changed: boolean;
  @ApiProperty({
    description: 'Comments this ban took out of view (0 unless removeComments was true)',
  })
  removedComments: number;
}
