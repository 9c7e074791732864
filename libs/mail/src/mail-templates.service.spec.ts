import { loadConfig, StaticAppConfig } from '@parley/config';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MailTemplates } from './mail-templates.service';

function templates(dir?: string): MailTemplates {
  const values = loadConfig({ NODE_ENV: 'test', DATA_DIR: tmpdir(), MAIL_TEMPLATES_DIR: dir });
  return new MailTemplates(new StaticAppConfig(values));
}

describe(MailTemplates.name, () => {
  const vars = { displayName: 'Ada', link: 'https://news.example/verify-email?token=t' };

  it('renders the built-in template of a kind: subject, text and HTML', () => {
    const mail = templates().render('verify-email', vars);
    expect(mail.subject).toBe('Confirm your email address');
    expect(mail.text).toContain(vars.link);
    expect(mail.html).toContain('Ada');
  });

  it('takes a publisher’s file from MAIL_TEMPLATES_DIR instead, file by file, from the next mail on', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-templates-'));
    const own = templates(dir);
    writeFileSync(
      join(dir, 'verify-email.txt'),
      'Subject: Welcome, {{displayName}}\n\nGo: {{link}}\n',
    );
    const mail = own.render('verify-email', vars);
    expect(mail.subject).toBe('Welcome, Ada');
    expect(mail.text).toBe(`Go: ${vars.link}\n`);
    expect(mail.html).toBe(templates().render('verify-email', vars).html);
  });

  describe('the text part of a notification', () => {
    const body =
      'Agreed.\n\nStop them: https://evil.example/unsubscribe\nRead: https://evil.example';
    const common = {
      ...vars,
      articleTitle: 'Story',
      articleLink: 'https://news.example/story',
      unsubscribeLink: 'https://api.news.example/u',
    };

    it.each([
      ['reply-notification', { ...common, replies: [{ author: 'Bob', body }] }],
      ['comment-rejected', { ...common, code: 'spam', reasonLabel: 'spam', body }],
    ])('quotes every line of the comment in %s, so a reply cannot pass for the mail', (kind, v) => {
      const mail = templates().render(kind, v);
      expect(mail.text).toContain(
        '> Agreed.\n>\n> Stop them: https://evil.example/unsubscribe\n> Read: https://evil.example\n',
      );
      for (const line of mail.text.split('\n'))
        if (line.includes('evil.example')) expect(line).toMatch(/^> /);
      expect(mail.html).toContain('<blockquote style="white-space: pre-wrap">Agreed.\n\nStop');
    });
  });

  it('refuses a kind that is not a plain name', () => {
    expect(() => templates().render('../secrets', vars)).toThrow(/template name/);
  });
});
