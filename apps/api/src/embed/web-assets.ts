import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

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
 * dist/web sits beside the compiled API (dist/apps/api/src/embed → dist/web) or, when the API
 * runs from source (specs, ts-node), under the repository root.
 */
export function webDir(): string | null {
  const candidates = [
    resolve(__dirname, '../../../../web'),
    resolve(__dirname, '../../../../dist/web'),
  ];
  return candidates.find((dir) => existsSync(join(dir, 'embed'))) ?? null;
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
