export { MailModule } from './mail.module';
export { MailHandler, MAIL_CHANNEL } from './mail-handler.service';
export type { MailPayload } from './mail-handler.service';
export { MailTemplates } from './mail-templates.service';
export type { RenderedMail } from './mail-templates.service';
export { MailTransport } from './mail-transport.service';
export type { OutgoingMail } from './mail-transport.service';
export { renderTemplate, escapeHtml } from './mail-template';
export type { TemplateVars } from './mail-template';
