import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BODY_MAX, BODY_MIN } from '@parley/threads';

/**
 * Documents the body of POST .../comments and PATCH /comments/:id. It is checked by libs/threads
 * rather than the global pipe, because the contract checks the body after the account, the
 * article and the entitlement (same rules: unknown fields are a 400 validation_failed).
 */
export class CreateCommentDto {
  @ApiProperty({
    minLength: BODY_MIN,
    maxLength: BODY_MAX,
    description: `Plain text, ${BODY_MIN}–${BODY_MAX.toLocaleString('en')} characters after trimming, stored trimmed (whitespace, controls, zero-width spaces and fillers at either end). No U+0000 or unpaired surrogates; a body of only invisible or filler characters is refused like an empty one`,
  })
  body: string;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    description: 'Reply to this comment (same article); replies nest to depth 3',
  })
  parentId?: string | null;
}
