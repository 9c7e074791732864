import { ApiProperty } from '@nestjs/swagger';

/** Documents PATCH /comments/:id; checked by libs/threads after the author and window checks. */
export class EditCommentDto {
  @ApiProperty({
    minLength: 1,
    maxLength: 5000,
    description: 'The new text: the same rules as a new comment (stored trimmed)',
  })
  body: string;
}
