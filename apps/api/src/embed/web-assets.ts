import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** One built file, read once at start-up. */
export interface WebAsset {
  body: Buffer;
  etag: string;
  type: string;
}

/** What `node scripts/build-web.js` left in dist/web, or nothing when it never ran. */
export interface WebAssets {
  widget: WebAsset | null;
  consolePage: WebAsset | null;
  /** Content-hashed console files by name (/console/assets/<name>). */
  consoleAssets: Map<string, WebAsset>;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/**
 * dist/web: the nearest one up from here, so it is found from the compiled API
 * (dist/apps/api/src/embed), from the bundle (dist/parley-api.js) and from the sources (specs).
 */
export function webDir(start: string = __dirname): string | null {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    for (const candidate of [join(dir, 'web'), join(dir, 'dist', 'web')])
      if (existsSync(join(candidate, 'embed'))) return candidate;
    if (dirname(dir) === dir) return null;
  }
}

export function loadWebAssets(dir = webDir()): WebAssets {
  const empty: WebAssets = { widget: null, consolePage: null, consoleAssets: new Map() };
  if (!dir) return empty;
  const assetsDir = join(dir, 'console/assets');
  const consoleAssets = new Map<string, WebAsset>();
  if (existsSync(assetsDir))
    for (const name of readdirSync(assetsDir)) consoleAssets.set(name, read(join(assetsDir, name)));
  return {
    widget: readIfPresent(join(dir, 'embed/parley.js')),
    consolePage: readIfPresent(join(dir, 'console/index.html')),
    consoleAssets,
  };
}

function readIfPresent(path: string): WebAsset | null {
  return existsSync(path) ? read(path) : null;
}

function read(path: string): WebAsset {
  const body = readFileSync(path);
  const extension = path.slice(path.lastIndexOf('.'));
  return {
    body,
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
    type: TYPES[extension] ?? 'application/octet-stream',
  };
}
