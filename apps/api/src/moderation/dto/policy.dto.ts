import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, Max, Min, ValidateIf } from 'class-validator';

export const NEW_COMMENTER_MAX = 1000;
export const SURGE_MAX = 100000;

/** A change of the site policy: the fields given are set, the others keep their value. */
export class PolicyDto {
  @ApiPropertyOptional({
    minimum: 0,
    maximum: NEW_COMMENTER_MAX,
    description:
      "A user's first N comments wait as pending (counted: their comments visible now); 0 turns it off",
  })
  @ValidateIf((_, value) => value !== undefined) // null is refused, not skipped
  @IsInt()
  @Min(0)
  @Max(NEW_COMMENTER_MAX)
  newCommenterPremoderation?: number;

  @ApiPropertyOptional({
    description:
      'Comments with a link (http(s)://, //host, www., a bare domain of a common TLD, a domain of any TLD followed by a path) wait as pending',
  })
  @ValidateIf((_, value) => value !== undefined) // null is refused, not skipped
  @IsBoolean()
  holdLinks?: boolean;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: SURGE_MAX,
    description:
      'An article receiving more than N comments a minute switches itself to pre-moderation for 30 minutes (audited as the system); 0 turns it off',
  })
  @ValidateIf((_, value) => value !== undefined) // null is refused, not skipped
  @IsInt()
  @Min(0)
  @Max(SURGE_MAX)
  surgeCommentsPerMinute?: number;
}

export class PolicyView {
  @ApiProperty() newCommenterPremoderation: number;
  @ApiProperty() holdLinks: boolean;
  @ApiProperty() surgeCommentsPerMinute: number;
  @ApiPropertyOptional({
    description: 'On PUT: false when nothing changed (no audit entry)',
  })
  changed?: boolean;
}
