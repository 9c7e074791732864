import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import {
  AuthUser,
  EmailVerificationService,
  PASSWORD_MAX,
  PASSWORD_MIN,
  PasswordResetService,
} from '@parley/identity';
import { ClientIp } from '../http/client-ip.decorator';
import { CurrentUser } from '../http/current-user.decorator';
import { Public } from '../http/public.decorator';
import { ChangeEmailDto } from './dto/change-email.dto';
import { EmailTokenDto } from './dto/email-token.dto';
import { PasswordResetConfirmDto } from './dto/password-reset-confirm.dto';
import { PasswordResetDto } from './dto/password-reset.dto';

const MAIL_LIMITED =
  'rate_limited, with Retry-After (MAIL_RATE_LIMIT_PER_IP per client IP, MAIL_RATE_LIMIT_PER_ADDRESS per address)';
const RESET_LIMITED =
  'rate_limited, with Retry-After (MAIL_RATE_LIMIT_PER_IP per client IP only: past MAIL_RATE_LIMIT_PER_ADDRESS ' +
  'reset mails to one address the answer is the same 202, and no mail is sent)';
const UNAUTHENTICATED = 'unauthenticated or token_expired';

/** The routes that mail a link, and the ones that use it. */
@ApiTags('identity')
@Controller()
export class AccountEmailController {
  constructor(
    private readonly verification: EmailVerificationService,
    private readonly resets: PasswordResetService,
  ) {}

  @Public()
  @Post('auth/verify-email')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Confirm an address with the token of a verification or change-of-address mail',
    description:
      'A verification token marks the address verified; a change-of-address token (from POST /me/email) makes ' +
      'the new address the account’s, verified. Tokens work once, for 48 hours.',
  })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({
    description: 'invalid_token (wrong, used or expired); validation_failed',
  })
  @ApiConflictResponse({ description: 'email_taken: the new address was registered meanwhile' })
  async verify(@Body() dto: EmailTokenDto): Promise<void> {
    await this.verification.verify(dto.token);
  }

  @Post('auth/verify-email/resend')
  @HttpCode(202)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Mail a new verification link to the account’s address',
    description:
      'Earlier links stop working. An address already verified gets nothing (same answer).',
  })
  @ApiAcceptedResponse()
  @ApiUnauthorizedResponse({ description: UNAUTHENTICATED })
  @ApiTooManyRequestsResponse({ description: MAIL_LIMITED })
  async resend(@CurrentUser() user: AuthUser, @ClientIp() ip: string): Promise<void> {
    await this.verification.resend(user.id, ip);
  }

  @Public()
  @Post('auth/password-reset')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Mail a password-reset link',
    description:
      'The same answer, in the same time, whether an account has this address or not; only an existing account ' +
      'gets a mail. The link works once, for one hour.',
  })
  @ApiAcceptedResponse()
  @ApiBadRequestResponse({ description: 'validation_failed' })
  @ApiTooManyRequestsResponse({ description: RESET_LIMITED })
  async requestReset(@Body() dto: PasswordResetDto, @ClientIp() ip: string): Promise<void> {
    await this.resets.request(dto.email, ip);
  }

  @Public()
  @Post('auth/password-reset/confirm')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Set a new password with the token of a reset mail',
    description: 'Every login and every access token of the account stop working; sign in again.',
  })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({
    description: `invalid_token (wrong, used or expired); validation_failed (newPassword ${PASSWORD_MIN}–${PASSWORD_MAX} characters)`,
  })
  async confirmReset(@Body() dto: PasswordResetConfirmDto): Promise<void> {
    await this.resets.confirm(dto.token, dto.newPassword);
  }

  @Post('me/email')
  @HttpCode(202)
  @ApiBearerAuth()
  @ApiTags('identity')
  @ApiOperation({
    summary: 'Change the address: a confirmation link goes to the new one',
    description:
      'The account keeps its address until the link is used (POST /auth/verify-email); earlier change links stop ' +
      'working, and so does this one when the password is reset or changed. The current address is told (no link), ' +
      'on the request and when the change is done.',
  })
  @ApiAcceptedResponse()
  @ApiBadRequestResponse({ description: 'validation_failed' })
  @ApiUnauthorizedResponse({
    description: `invalid_credentials for a wrong password; ${UNAUTHENTICATED}`,
  })
  @ApiConflictResponse({ description: 'email_taken' })
  @ApiTooManyRequestsResponse({ description: MAIL_LIMITED })
  async changeEmail(
    @CurrentUser() user: AuthUser,
    @Body() dto: ChangeEmailDto,
    @ClientIp() ip: string,
  ): Promise<void> {
    await this.verification.requestChange(user.id, dto.newEmail, dto.password, ip);
  }
}
