/**
 * The template language of mail: `{{name}}` (a dotted path into the variables) and sections
 * `{{#list}}…{{/list}}`, repeated for each item of an array (inside, names resolve against the
 * item first) or shown once for a truthy value; `{{^name}}…{{/name}}` is shown when the value is
 * missing, false or an empty list. Values are escaped for HTML in the HTML part. Nothing else:
 * no code runs in a template, so publishers can edit them safely.
 */
export type TemplateVars = Record<string, unknown>;

const SECTION = /\{\{([#^])\s*([\w.]+)\s*\}\}([\s\S]*?)\{\{\/\s*\2\s*\}\}/g;
const VARIABLE = /\{\{\s*([\w.]+)\s*\}\}/g;

export function renderTemplate(
  template: string,
  vars: TemplateVars,
  escape: (value: string) => string = (value) => value,
): string {
  return renderIn(template, [vars], escape);
}

function renderIn(template: string, scopes: TemplateVars[], escape: (v: string) => string): string {
  // Plain text and sections are rendered piece by piece, so a value is never scanned again.
  let out = '';
  let last = 0;
  for (const match of template.matchAll(SECTION)) {
    out += fill(template.slice(last, match.index), scopes, escape);
    out += section(match[1], match[2], match[3], scopes, escape);
    last = match.index + match[0].length;
  }
  return out + fill(template.slice(last), scopes, escape);
}

function section(
  kind: string,
  name: string,
  inner: string,
  scopes: TemplateVars[],
  escape: (v: string) => string,
): string {
  const value = lookup(scopes, name);
  const empty =
    value === undefined ||
    value === null ||
    value === false ||
    value === '' ||
    (Array.isArray(value) && value.length === 0);
  if (kind === '^') return empty ? renderIn(inner, scopes, escape) : '';
  if (empty) return '';
  if (Array.isArray(value)) {
    return value
      .map((item) => renderIn(inner, [isObject(item) ? item : { '.': item }, ...scopes], escape))
      .join('');
  }
  return renderIn(inner, isObject(value) ? [value, ...scopes] : scopes, escape);
}

function fill(text: string, scopes: TemplateVars[], escape: (v: string) => string): string {
  return text.replace(VARIABLE, (_all, name: string) => {
    const value = lookup(scopes, name);
    return value === undefined || value === null ? '' : escape(String(value));
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

/** A header value: one line, whatever the variable held. */
export function oneLine(value: string): string {
  return value.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ').trim();
}
