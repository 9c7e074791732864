import { ApiProperty } from '@nestjs/swagger';
import { NOTE_MAX } from '@parley/moderation';
import { IsString } from 'class-validator';

export class NoteDto {
  @ApiProperty({
    maxLength: NOTE_MAX,
    description: `Plain text, 1–${NOTE_MAX} characters after trimming (the limit counts what is stored)`,
  })
  @IsString()
  note: string;
}
