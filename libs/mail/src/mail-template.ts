/**
 * The template language of mail: `{{name}}` (a dotted path into the variables) and sections
 * `{{#list}}…{{/list}}`, repeated for each item of an array (inside, names resolve against the
 * item first) or shown once for a truthy value; `{{^name}}…{{/name}}` is shown when the value is
 * missing, false or an empty list; `{{> name}}` is text the mail quotes (a reader's comment).
 * Values are escaped for HTML in the HTML part. In the text part a `{{name}}` value stays on one
 * line and every line of a `{{> name}}` value starts with "> ", so that nobody's text (a reply
 * with a line "Stop them: <another link>") can pass for the mail's own. Nothing else: no code
 * runs in a template, so publishers can edit them safely.
 */
export type TemplateVars = Record<string, unknown>;

/** How a part writes values: plain (`{{name}}`) and quoted (`{{> name}}`) ones. */
export interface ValueWriter {
  plain(value: string): string;
  quoted(value: string): string;
}

export const TEXT_VALUES: ValueWriter = { plain: oneLine, quoted: quoteLines };
/** The HTML template quotes itself (a blockquote); the value is escaped like any other. */
export const HTML_VALUES: ValueWriter = { plain: escapeHtml, quoted: escapeHtml };

const SECTION = /\{\{([#^])\s*([\w.]+)\s*\}\}([\s\S]*?)\{\{\/\s*\2\s*\}\}/g;
const VARIABLE = /\{\{\s*(>?)\s*([\w.]+)\s*\}\}/g;
/** What ends a line in a mail reader: CR, LF, CRLF, and the Unicode line and paragraph breaks. */
const LINE_BREAK = /\r\n|[\n\v\f\r\u0085\u2028\u2029]/;

export function renderTemplate(
  template: string,
  vars: TemplateVars,
  values: ValueWriter = TEXT_VALUES,
): string {
  return renderIn(template, [vars], values);
}

function renderIn(template: string, scopes: TemplateVars[], values: ValueWriter): string {
  // Plain text and sections are rendered piece by piece, so a value is never scanned again.
  let out = '';
  let last = 0;
  for (const match of template.matchAll(SECTION)) {
    out += fill(template.slice(last, match.index), scopes, values);
    out += section(match[1], match[2], match[3], scopes, values);
    last = match.index + match[0].length;
  }
  return out + fill(template.slice(last), scopes, values);
}

function section(
  kind: string,
  name: string,
  inner: string,
  scopes: TemplateVars[],
  values: ValueWriter,
): string {
  const value = lookup(scopes, name);
  const empty =
    value === undefined ||
    value === null ||
    value === false ||
    value === '' ||
    (Array.isArray(value) && value.length === 0);
  if (kind === '^') return empty ? renderIn(inner, scopes, values) : '';
  if (empty) return '';
  if (Array.isArray(value)) {
    return value
      .map((item) => renderIn(inner, [isObject(item) ? item : { '.': item }, ...scopes], values))
      .join('');
  }
  return renderIn(inner, isObject(value) ? [value, ...scopes] : scopes, values);
}

function fill(text: string, scopes: TemplateVars[], values: ValueWriter): string {
  return text.replace(VARIABLE, (_all, quote: string, name: string) => {
    const value = lookup(scopes, name);
    if (value === undefined || value === null) return '';
    return quote ? values.quoted(String(value)) : values.plain(String(value));
  });
}

function lookup(scopes: TemplateVars[], path: string): unknown {
  const [head, ...rest] = path.split('.');
  for (const scope of scopes) {
    if (!(head in scope)) continue;
    let value: unknown = scope[head];
    for (const part of rest) value = isObject(value) ? value[part] : undefined;
    return value;
  }
  return undefined;
}

function isObject(value: unknown): value is TemplateVars {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Quoted text as mail quotes it: every line starts with "> " (an empty one with ">" alone). */
export function quoteLines(value: string): string {
  return value
    .split(LINE_BREAK)
    .map((line) => (line === '' ? '>' : `> ${line}`))
    .join('\n');
}

/** A header value, or a plain value in a text part: one line, whatever the variable held. */
export function oneLine(value: string): string {
  return value.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ').trim();
}
