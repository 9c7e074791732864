import { escapeHtml, oneLine, renderTemplate } from './mail-template';

describe(renderTemplate.name, () => {
  it('fills variables, dotted paths included, and leaves unknown ones empty', () => {
    expect(
      renderTemplate('Hi {{ name }}, {{user.city}}{{missing}}!', {
        name: 'Ada',
        user: { city: 'Paris' },
      }),
    ).toBe('Hi Ada, Paris!');
  });

  it('repeats a section for each item, resolving names against the item first', () => {
    const out = renderTemplate('{{#replies}}[{{author}}: {{body}} on {{title}}]{{/replies}}', {
      title: 'T',
      replies: [
        { author: 'A', body: 'one' },
        { author: 'B', body: 'two' },
      ],
    });
    expect(out).toBe('[A: one on T][B: two on T]');
  });

  it('shows inverted sections only for missing, false or empty values', () => {
    const t = '{{^items}}none{{/items}}{{#flag}}on{{/flag}}';
    expect(renderTemplate(t, { items: [], flag: true })).toBe('noneon');
    expect(renderTemplate(t, { items: [1], flag: false })).toBe('');
  });

  it('escapes every value in HTML, never the template', () => {
    expect(renderTemplate('<b>{{x}}</b>', { x: '<script>"&\'' }, escapeHtml)).toBe(
      '<b>&lt;script&gt;&quot;&amp;&#39;</b>',
    );
  });

  it('does not evaluate template syntax that arrives inside a value', () => {
    expect(renderTemplate('{{a}}', { a: '{{b}}', b: 'secret' })).toBe('{{b}}');
  });
});

describe(oneLine.name, () => {
  it('turns line breaks and control characters into spaces (no header injection)', () => {
    expect(oneLine('Hello\r\nBcc: x@y.z\u0000')).toBe('Hello Bcc: x@y.z');
  });
});

describe('renderTemplate sections', () => {
  it('does not evaluate template syntax inside a value in a section either', () => {
    expect(renderTemplate('{{#r}}{{a}}{{/r}}', { r: [{ a: '{{b}}' }], b: 'secret' })).toBe('{{b}}');
  });
});
