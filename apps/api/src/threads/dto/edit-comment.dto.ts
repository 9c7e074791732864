import { ApiProperty } from '@nestjs/swagger';
import { BODY_MAX, BODY_MIN } from '@parley/threads';

/** Documents PATCH /comments/:id; checked by libs/threads after the author and window checks. */
export class EditCommentDto {
  @ApiProperty({
    minLength: BODY_MIN,
    maxLength: BODY_MAX,
    description: 'The new text: the same rules as a new comment (stored trimmed)',
  })
  body: string;
}
