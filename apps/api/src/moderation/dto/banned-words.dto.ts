import { ApiProperty } from '@nestjs/swagger';
import { MAX_BANNED_WORDS } from '@parley/threads';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsString, Length } from 'class-validator';

export class BannedWordsDto {
  @ApiProperty({
    type: [String],
    maxItems: MAX_BANNED_WORDS,
    description:
      'The whole new list (replaces the old one): each word 1–100 characters after trimming; matched case-insensitively as a whole word',
  })
  @IsArray()
  @ArrayMaxSize(MAX_BANNED_WORDS)
  @Transform(({ value }: { value: unknown }) =>
    Array.isArray(value)
      ? value.map((word: unknown) => (typeof word === 'string' ? word.trim() : word))
      : value,
  )
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  words: string[];
}
