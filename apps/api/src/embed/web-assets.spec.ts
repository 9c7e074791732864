import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webDir } from './web-assets';

describe('webDir', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'parley-web-'));
    mkdirSync(join(root, 'dist/web/embed'), { recursive: true });
    mkdirSync(join(root, 'dist/apps/api/src/embed'), { recursive: true });
    mkdirSync(join(root, 'apps/api/src/embed'), { recursive: true });
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it.each([
    ['the compiled API', 'dist/apps/api/src/embed'],
    ['the production bundle', 'dist'],
    ['the sources', 'apps/api/src/embed'],
  ])('finds dist/web from %s', (_where, start) => {
    expect(webDir(join(root, start))).toBe(join(root, 'dist/web'));
  });

  it('finds nothing when the web apps were never built', () => {
    rmSync(join(root, 'dist/web'), { recursive: true });
    expect(webDir(join(root, 'dist/apps/api/src/embed'))).toBeNull();
  });
});
