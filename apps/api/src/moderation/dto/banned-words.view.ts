import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class BannedWordsView {
  @ApiProperty({
    type: [String],
    description: 'As stored: NFKC-normalised, lower-cased, deduplicated, sorted',
  })
  words: string[];
  @ApiPropertyOptional({
    description: 'On PUT: false when the list was the same already (no audit entry)',
  })
  changed?: boolean;
}
