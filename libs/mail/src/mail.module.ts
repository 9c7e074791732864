import { Module } from '@nestjs/common';
import { MailHandler } from './mail-handler.service';
import { MailTemplates } from './mail-templates.service';
import { MailTransport } from './mail-transport.service';

@Module({
  providers: [MailTemplates, MailTransport, MailHandler],
  exports: [MailTemplates, MailTransport, MailHandler],
})
export class MailModule {}
