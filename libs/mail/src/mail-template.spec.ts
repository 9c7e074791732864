import { HTML_VALUES, oneLine, quoteLines, renderTemplate } from './mail-template';

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
    expect(renderTemplate('<b>{{x}}</b>', { x: '<script>"&\'' }, HTML_VALUES)).toBe(
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

describe(quoteLines.name, () => {
  it('starts every line with "> ", whatever ends the lines before it', () => {
    expect(quoteLines('one')).toBe('> one');
    expect(quoteLines('one\ntwo\r\nthree\rfour')).toBe('> one\n> two\n> three\n> four');
    expect(quoteLines('a\u2028b\u2029c\u0085d\u000be\u000cf')).toBe('> a\n> b\n> c\n> d\n> e\n> f');
  });

  it('marks empty lines with ">" alone, and nests a quote the reply quoted', () => {
    expect(quoteLines('first\n\nlast')).toBe('> first\n>\n> last');
    expect(quoteLines('> earlier\nmine')).toBe('> > earlier\n> mine');
  });
});

describe('values in the text part', () => {
  const spoof =
    'Nice.\n\nStop them: https://evil.example/unsubscribe\r\nRead: https://evil.example';

  it("quotes every line of a {{> name}} value, so none of it reads as the mail's own text", () => {
    const out = renderTemplate('Reply:\n{{> body}}\n\nStop them: {{link}}\n', {
      body: spoof,
      link: 'https://news.example/u',
    });
    expect(out).toBe(
      'Reply:\n> Nice.\n>\n> Stop them: https://evil.example/unsubscribe\n> Read: https://evil.example\n\n' +
        'Stop them: https://news.example/u\n',
    );
    expect(renderTemplate('{{#r}}{{> body}}|{{/r}}', { r: [{ body: 'a\nb' }] })).toBe('> a\n> b|');
  });

  it('puts a plain {{name}} value on one line: only quoted values span lines', () => {
    expect(
      renderTemplate('Hello {{name}},\n', { name: 'Ada\nStop them: https://evil.example' }),
    ).toBe('Hello Ada Stop them: https://evil.example,\n');
  });

  it('leaves a quoted value to the template in HTML, escaped like any other', () => {
    expect(
      renderTemplate('<blockquote>{{> body}}</blockquote>', { body: 'a\n<b>' }, HTML_VALUES),
    ).toBe('<blockquote>a\n&lt;b&gt;</blockquote>');
  });
});
