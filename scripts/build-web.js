// Builds the browser apps into dist/web: the widget as one unhashed script (publishers embed a
// fixed URL; the API serves it with a short cache and an ETag) and the console as an index page
// plus a content-hashed script (served immutable), named relatively by the page so that it loads
// from /console/assets/ or /api/v1/console/assets/, wherever the page was served. Fails when the
// widget exceeds its size budget.
const esbuild = require('esbuild');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { gzipSync } = require('node:zlib');

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'dist/web');
const WIDGET_GZIP_BUDGET = 60 * 1024;

const common = {
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  legalComments: 'none',
  write: false,
  tsconfig: path.join(ROOT, 'apps/widget/tsconfig.json'),
};

async function main() {
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(path.join(OUT, 'embed'), { recursive: true });
  fs.mkdirSync(path.join(OUT, 'console/assets'), { recursive: true });

  const widget = await esbuild.build({
    ...common,
    entryPoints: [path.join(ROOT, 'apps/widget/src/index.ts')],
  });
  const widgetCode = widget.outputFiles[0].contents;
  const gzipped = gzipSync(widgetCode, { level: 9 }).length;
  if (gzipped > WIDGET_GZIP_BUDGET)
    throw new Error(`parley.js is ${gzipped} bytes gzipped, over the ${WIDGET_GZIP_BUDGET} budget`);
  fs.writeFileSync(path.join(OUT, 'embed/parley.js'), widgetCode);

  const consoleBuild = await esbuild.build({
    ...common,
    entryPoints: [path.join(ROOT, 'apps/console/src/index.ts')],
  });
  const consoleCode = consoleBuild.outputFiles[0].contents;
  const hash = createHash('sha256').update(consoleCode).digest('hex').slice(0, 12);
  const script = `console-${hash}.js`;
  fs.writeFileSync(path.join(OUT, 'console/assets', script), consoleCode);
  const page = fs
    .readFileSync(path.join(ROOT, 'apps/console/index.html'), 'utf8')
    .replace('__CONSOLE_SCRIPT__', `assets/${script}`);
  fs.writeFileSync(path.join(OUT, 'console/index.html'), page);
  process.stdout.write(
    `web: parley.js ${widgetCode.length} bytes (${gzipped} gzipped), ${script} ${consoleCode.length} bytes\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
