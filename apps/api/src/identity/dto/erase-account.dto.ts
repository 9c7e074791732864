import { ApiPropertyOptional } from '@nestjs/swagger';
import { PASSWORD_INPUT_MAX, SSO_TOKEN_MAX } from '@parley/identity';
import { IsDefined, IsString, MaxLength, ValidateIf } from 'class-validator';

/** Exactly one of the two: the password, or (an account signed in through its publisher) a fresh publisher token. */
export class EraseAccountDto {
  @ApiPropertyOptional({
    maxLength: PASSWORD_INPUT_MAX,
    description:
      "The account's password, to confirm the erasure (required unless ssoToken is sent)",
  })
  @ValidateIf((dto: EraseAccountDto) => dto.ssoToken === undefined)
  @IsDefined()
  @IsString()
  @MaxLength(PASSWORD_INPUT_MAX)
  password?: string;

  @ApiPropertyOptional({
    maxLength: SSO_TOKEN_MAX,
    description:
      'For an account that signs in through its publisher (no password): a new publisher sign-in token of the ' +
      'same reader, spent by this request, to confirm the erasure',
  })
  @ValidateIf((dto: EraseAccountDto) => dto.ssoToken !== undefined || dto.password === undefined)
  @IsDefined()
  @IsString()
  @MaxLength(SSO_TOKEN_MAX)
  ssoToken?: string;
}
