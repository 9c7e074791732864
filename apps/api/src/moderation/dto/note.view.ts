import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class NoteAuthorView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() displayName: string;
}

/** A moderator's note on a user. */
export class NoteView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'The user the note is about' }) userId: string;
  @ApiPropertyOptional({
    nullable: true,
    type: NoteAuthorView,
    description: "The moderator who wrote it; null once that moderator's account is erased",
  })
  author: NoteAuthorView | null;
  @ApiProperty({ description: 'The note as stored (trimmed)' }) note: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
