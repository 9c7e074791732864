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

  it('refuses a kind that is not a plain name', () => {
    expect(() => templates().render('../secrets', vars)).toThrow(/template name/);
  });
});
