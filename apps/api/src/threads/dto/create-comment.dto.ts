import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * Documents the body of POST .../comments and PATCH /comments/:id. It is checked by libs/threads
 * rather than the global pipe, because the contract checks the body after the account, the
 * article and the entitlement (same rules: unknown fields are a 400 validation_failed).
 */
export class CreateCommentDto {
  @ApiProperty({
    minLength: 1,
    maxLength: 5000,
    description:
      'Plain text, 1–5,000 characters after trimming, stored trimmed (whitespace, controls, zero-width spaces and fillers at either end). No U+0000 or unpaired surrogates; a body of only invisible or filler characters is refused like an empty one',
  })
  body: string;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    description: 'Reply to this comment (same article); replies nest to depth 3',
  })
  parentId?: string | null;
}
