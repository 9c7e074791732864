import { jsonNestsDeeperThan, MAX_JSON_DEPTH } from './json-depth';

const bytes = (text: string) => Buffer.from(text, 'utf8');
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe(jsonNestsDeeperThan.name, () => {
  it('allows up to the limit and refuses one level more', () => {
    expect(jsonNestsDeeperThan(bytes(nested(MAX_JSON_DEPTH)))).toBe(false);
    expect(jsonNestsDeeperThan(bytes(nested(MAX_JSON_DEPTH + 1)))).toBe(true);
    expect(jsonNestsDeeperThan(bytes(`{"a":${nested(MAX_JSON_DEPTH - 1)}}`))).toBe(false);
    expect(jsonNestsDeeperThan(bytes(`{"a":${nested(MAX_JSON_DEPTH)}}`))).toBe(true);
  });

  it('counts depth, not the number of containers', () => {
    const wide = `[${Array.from({ length: 10_000 }, () => '{"a":[1]}').join(',')}]`;
    expect(jsonNestsDeeperThan(bytes(wide))).toBe(false);
  });

  it('refuses 40,000 unclosed brackets in a field', () => {
    expect(jsonNestsDeeperThan(bytes(`{"email":"a@b.co","x":${'['.repeat(40_000)}`))).toBe(true);
  });

  it('reads decoded text of another charset the same way', () => {
    expect(jsonNestsDeeperThan(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(jsonNestsDeeperThan(`{"a":"[[","b":${nested(MAX_JSON_DEPTH)}}`)).toBe(true);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    const inString = `{"body":"${'['.repeat(100)} \\" ${'{'.repeat(100)}","é😀":"]]"}`;
    expect(jsonNestsDeeperThan(bytes(inString))).toBe(false);
    expect(jsonNestsDeeperThan(bytes(`{"a":"\\\\",${'['.repeat(40)}`))).toBe(true);
  });
});
