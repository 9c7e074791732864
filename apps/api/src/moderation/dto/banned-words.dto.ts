import { ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { MAX_BANNED_WORDS, MAX_WORD_LENGTH } from '@parley/threads';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  ValidatorConstraint,
  ValidatorConstraintInterface,
  Validate,
} from 'class-validator';

const ACTIONS = ['hold', 'refuse'];

export class BannedWordEntryDto {
  @ApiProperty({
    minLength: 1,
    maxLength: MAX_WORD_LENGTH,
    description: 'A whole word or phrase; `*` stands for any run of letters or digits',
    example: 'idiot*',
  })
  word: string;
  @ApiProperty({
    enum: ACTIONS,
    description: 'hold: the comment waits as pending; refuse: 400 banned_word',
  })
  action: 'hold' | 'refuse';
}

function isWord(value: unknown): boolean {
  return typeof value === 'string' && value.length >= 1 && [...value].length <= MAX_WORD_LENGTH;
}

/** A plain string (hold, as before entries had actions) or exactly `{word, action}`. */
@ValidatorConstraint({ name: 'bannedWordEntry' })
class BannedWordEntryRule implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value === 'string') return isWord(value);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const entry = value as Record<string, unknown>;
    return (
      Object.keys(entry).every((field) => field === 'word' || field === 'action') &&
      isWord(entry.word) &&
      ACTIONS.includes(entry.action as string)
    );
  }

  defaultMessage(): string {
    return `each entry must be a word of 1–${MAX_WORD_LENGTH} characters after trimming, or {word, action: hold|refuse}`;
  }
}

const trim = (value: unknown): unknown => (typeof value === 'string' ? value.trim() : value);

export class BannedWordsDto {
  @ApiProperty({
    type: 'array',
    maxItems: MAX_BANNED_WORDS,
    items: {
      oneOf: [
        { type: 'string', minLength: 1, maxLength: MAX_WORD_LENGTH },
        { $ref: getSchemaPath(BannedWordEntryDto) },
      ],
    },
    description: `The whole new list (replaces the old one): each entry a word of 1–${MAX_WORD_LENGTH} characters after trimming (held, as before) or \`{word, action}\`; matched as a whole word, \`*\` a wildcard, surviving case, width, accents and common look-alike substitutions`,
  })
  @IsArray()
  @ArrayMaxSize(MAX_BANNED_WORDS)
  @Transform(({ value }: { value: unknown }) =>
    Array.isArray(value)
      ? value.map((entry: unknown) =>
          typeof entry === 'object' && entry !== null && !Array.isArray(entry)
            ? { ...entry, word: trim((entry as { word?: unknown }).word) }
            : trim(entry),
        )
      : value,
  )
  @Validate(BannedWordEntryRule, { each: true })
  words: (string | BannedWordEntryDto)[];
}
