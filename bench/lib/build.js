'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const SOURCES = [
  'apps',
  'libs',
  'prisma',
  'tsconfig.json',
  'nest-cli.json',
  'package.json',
  'scripts/bundle-api.js',
];

function newestMtime(file) {
  const stat = fs.statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(file)) {
    if (entry === 'generated' || entry === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(path.join(file, entry)));
  }
  return newest;
}

/** Runs `npm run build` when `script` (what start:prod runs) is missing or older than any source file. */
function ensureBuilt(root, script, log) {
  const main = path.join(root, script);
  const built = fs.existsSync(main) ? fs.statSync(main).mtimeMs : 0;
  const sources = Math.max(
    ...SOURCES.map((name) => path.join(root, name))
      .filter(fs.existsSync)
      .map(newestMtime),
  );
  if (built >= sources) return;
  log(
    built === 0
      ? '== building the service (no dist yet)'
      : '== building the service (sources changed since the last build)',
  );
  const result = spawnSync('npm', ['run', 'build'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) throw new Error('npm run build failed');
  // The build may leave the script untouched when it did not change: mark the build as current.
  const now = new Date();
  fs.utimesSync(main, now, now);
}

module.exports = { ensureBuilt };
