import { ApiProperty } from '@nestjs/swagger';
import { MAX_BANNED_WORDS, MAX_WORD_LENGTH } from '@parley/threads';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsString, Length } from 'class-validator';

export class BannedWordsDto {
  @ApiProperty({
    type: [String],
    maxItems: MAX_BANNED_WORDS,
    description: `The whole new list (replaces the old one): each word 1–${MAX_WORD_LENGTH} characters after trimming; matched case-insensitively as a whole word`,
  })
  @IsArray()
  @ArrayMaxSize(MAX_BANNED_WORDS)
  @Transform(({ value }: { value: unknown }) =>
    Array.isArray(value)
      ? value.map((word: unknown) => (typeof word === 'string' ? word.trim() : word))
      : value,
  )
  @IsString({ each: true })
  @Length(1, MAX_WORD_LENGTH, { each: true })
  words: string[];
}
