import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { classify, MINIMUM, SUPPORTED } = require('./check-node-version.js') as {
  classify(version: string): string;
  MINIMUM: string;
  SUPPORTED: Record<string, string>;
};

describe('check-node-version', () => {
  it.each([
    ['18.20.4', 'too-old'],
    ['20.18.3', 'too-old'],
    ['20.19.0', 'outside-supported'],
    ['20.20.2', 'outside-supported'],
    ['22.12.0', 'outside-supported'],
    ['22.22.3', 'supported'],
    ['23.11.0', 'outside-supported'],
    ['24.9.0', 'outside-supported'],
    ['24.15.0', 'supported'],
    ['v24.22.3', 'supported'],
    ['26.0.0', 'supported'],
    ['27.1.0', 'supported'],
  ])('Node %s is %s', (version, verdict) => {
    expect(classify(version)).toBe(verdict);
  });

  it('names the same lines as package.json engines', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
      engines: { node: string };
    };
    expect(pkg.engines.node).toBe(`^${SUPPORTED[22]} || ^${SUPPORTED[24]} || >=${SUPPORTED[26]}`);
    expect(classify(MINIMUM)).toBe('outside-supported');
  });
});
