import { Injectable } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { ClaimedMessage, OutboxHandler, PermanentDeliveryError } from '@parley/outbox';
import type { TemplateVars } from './mail-template';
import { MailTemplates } from './mail-templates.service';
import { MailTransport } from './mail-transport.service';

export const MAIL_CHANNEL = 'mail';

/**
 * The payload of a `mail` outbox message: a ready message to one address. `secret.vars` (links
 * with tokens) are rendered like `vars` but removed from the row once the message is handled.
 */
export interface MailPayload {
  to: string;
  vars: TemplateVars;
  secret?: { vars: TemplateVars };
}

/** Sends `mail` outbox messages: the kind is the template. */
@Injectable()
export class MailHandler implements OutboxHandler {
  readonly channel = MAIL_CHANNEL;

  constructor(
    private readonly templates: MailTemplates,
    private readonly transport: MailTransport,
    private readonly config: AppConfig,
  ) {}

  async handle(message: ClaimedMessage): Promise<void> {
    const payload = message.payload as unknown as MailPayload;
    if (typeof payload.to !== 'string' || !payload.vars)
      throw new PermanentDeliveryError('mail payload without an address');
    const vars = {
      appUrl: this.config.values.PUBLIC_APP_URL,
      ...payload.vars,
      ...payload.secret?.vars,
    };
    await this.transport.send({
      id: message.id,
      to: payload.to,
      ...this.templates.render(message.kind, vars),
    });
  }
}
