import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Patch,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConsumes,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { DomainError } from '@parley/errors';
import type { AuthUser } from '@parley/identity';
import { NotificationSettingsService } from '@parley/notifications';
import type { Request, Response } from 'express';
import { CurrentUser } from '../http/current-user.decorator';
import { Public } from '../http/public.decorator';
import { NotificationPreferencesView } from './dto/notification-preferences.view';
import { UnsubscribeQueryDto } from './dto/unsubscribe-query.dto';
import { UnsubscribeDto } from './dto/unsubscribe.dto';
import { UpdateNotificationPreferencesDto } from './dto/update-notification-preferences.dto';
import { confirmPage, donePage, invalidPage } from './unsubscribe-page';

@ApiTags('notifications')
@Controller()
export class NotificationsController {
  constructor(private readonly settings: NotificationSettingsService) {}

  @Get('me/notifications')
  @ApiBearerAuth()
  @ApiOkResponse({ type: NotificationPreferencesView })
  @ApiUnauthorizedResponse({ description: 'unauthenticated or token_expired' })
  get(@CurrentUser() user: AuthUser): Promise<NotificationPreferencesView> {
    return this.settings.get(user.id);
  }

  @Patch('me/notifications')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Turn notification mails on or off (omitted kinds keep their value)' })
  @ApiOkResponse({ type: NotificationPreferencesView })
  @ApiBadRequestResponse({ description: 'validation_failed' })
  @ApiUnauthorizedResponse({ description: 'unauthenticated or token_expired' })
  update(
    @CurrentUser() user: AuthUser,
    @Body() dto: UpdateNotificationPreferencesDto,
  ): Promise<NotificationPreferencesView> {
    return this.settings.update(user.id, dto);
  }

  @Public()
  @Post('notifications/unsubscribe')
  @HttpCode(204)
  @ApiOperation({
    summary: 'One-click unsubscribe (RFC 8058), the target of List-Unsubscribe-Post',
    description:
      'Turns off the kind of mail the token was issued for; a repeat changes nothing. Takes JSON `{token}`, or ' +
      'the form body `List-Unsubscribe=One-Click` with `?token=` in the URL, as mail clients send it (RFC 8058: ' +
      'multipart/form-data or application/x-www-form-urlencoded, at most 2 kB; a form may carry `token` as a ' +
      'field instead). A browser form (the GET page) gets an HTML confirmation instead of 204. A token for an ' +
      'account since erased answers 204 and changes nothing (an erased account gets no mail); one for an ' +
      'account this service does not know is a 400 invalid_token.',
  })
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded', 'multipart/form-data')
  @ApiNoContentResponse()
  @ApiBadRequestResponse({
    description:
      'invalid_token; validation_failed (also a multipart body that is not a form of text fields)',
  })
  @ApiPayloadTooLargeResponse({ description: 'payload_too_large: a form body over 2 kB' })
  async unsubscribe(
    @Body() dto: UnsubscribeDto,
    @Query() query: UnsubscribeQueryDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string | void> {
    const token = dto.token ?? query.token;
    if (!token) throw new DomainError('invalid_token', 'The unsubscribe link is not valid');
    const kind = await this.settings.unsubscribe(token);
    if (
      req.accepts(['application/json', 'text/html']) === 'text/html' &&
      !req.is('application/json')
    ) {
      res.status(200).type('html');
      return donePage(kind);
    }
  }

  @Public()
  @Get('notifications/unsubscribe')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'The unsubscribe link of a mail: a page that asks to confirm (it changes nothing itself)',
  })
  @ApiOkResponse({
    description: 'HTML page with an Unsubscribe button (a POST to this URL)',
    content: { 'text/html': { schema: { type: 'string' } } },
  })
  @ApiBadRequestResponse({
    description: 'HTML page: the link is not valid',
    content: { 'text/html': { schema: { type: 'string' } } },
  })
  async confirm(
    @Query() query: UnsubscribeQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    res.type('html');
    try {
      return confirmPage(await this.settings.describe(query.token ?? ''), query.token ?? '');
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      res.status(400);
      return invalidPage();
    }
  }
}
