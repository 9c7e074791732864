import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BannedWordEntryDto } from './banned-words.dto';

export class BannedWordsView {
  @ApiProperty({
    type: [String],
    description: 'The words as stored: NFKC-normalised, lower-cased, deduplicated, sorted',
  })
  words: string[];
  @ApiProperty({
    type: [BannedWordEntryDto],
    description: 'The same list with each entry’s action',
  })
  entries: BannedWordEntryDto[];
  @ApiPropertyOptional({
    description: 'On PUT: false when the list was the same already (no audit entry)',
  })
  changed?: boolean;
}
