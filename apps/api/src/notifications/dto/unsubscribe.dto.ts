import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { TOKEN_MAX } from '@parley/identity';

/**
 * JSON `{token}`, or what a mail client's one-click unsubscribe sends (RFC 8058): the form body
 * `List-Unsubscribe=One-Click` (multipart/form-data or urlencoded, read into the same fields by
 * configureBodyParsing) to the link of the List-Unsubscribe header, token in its query.
 */
export class UnsubscribeDto {
  @ApiPropertyOptional({
    maxLength: TOKEN_MAX,
    description: 'The token of the link (or give it as ?token=)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(TOKEN_MAX)
  token?: string;

  @ApiPropertyOptional({ enum: ['One-Click'], name: 'List-Unsubscribe' })
  @IsOptional()
  @IsIn(['One-Click'])
  'List-Unsubscribe'?: string;
}
