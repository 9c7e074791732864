import { Injectable } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { HTML_VALUES, oneLine, renderTemplate, TemplateVars } from './mail-template';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const TEMPLATE_NAME = /^[a-z][a-z0-9-]*$/;

/**
 * One template per kind of mail, two files: `<kind>.txt` (first line `Subject: …`, a blank line,
 * then the text part) and `<kind>.html` (the HTML part). The built-in ones live in
 * `templates/mail/`; a file of the same name in MAIL_TEMPLATES_DIR replaces one. Files are read
 * at each message, so a publisher's new wording applies to the next mail without a restart.
 */
@Injectable()
export class MailTemplates {
  private readonly builtIn = findBuiltInFolder();

  constructor(private readonly config: AppConfig) {}

  render(kind: string, vars: TemplateVars): RenderedMail {
    if (!TEMPLATE_NAME.test(kind)) throw new Error(`Bad template name ${kind}`);
    const textFile = this.read(`${kind}.txt`);
    const match = /^Subject:[ \t]*(.*)\r?\n\r?\n?/.exec(textFile);
    if (!match) throw new Error(`Template ${kind}.txt must start with a "Subject:" line`);
    return {
      subject: oneLine(renderTemplate(match[1], vars)),
      text: renderTemplate(textFile.slice(match[0].length), vars),
      html: renderTemplate(this.read(`${kind}.html`), vars, HTML_VALUES),
    };
  }

  private read(file: string): string {
    const override = this.config.values.MAIL_TEMPLATES_DIR;
    if (override) {
      const path = join(override, file);
      if (existsSync(path)) return readFileSync(path, 'utf8');
    }
    return readFileSync(join(this.builtIn, file), 'utf8');
  }
}

/** `templates/mail/` of the project: the nearest one up from here (sources, dist and image alike). */
function findBuiltInFolder(): string {
  let dir = __dirname;
  for (;;) {
    const candidate = join(dir, 'templates', 'mail');
    if (existsSync(join(candidate, 'verify-email.txt'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return resolve('templates', 'mail');
    dir = parent;
  }
}
