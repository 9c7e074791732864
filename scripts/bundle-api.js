// Bundles the compiled API (dist/apps/api/src/main.js, from `nest build`) and the packages it
// loads into one file, dist/parley-api.js: what `npm run start:prod` and the image run.
//
// Why: loaded module by module, the service kept ~2,500 modules' records, paths, ESM loader
// state and source texts in its heap (old generation ~38 MB at rest). The bundle holds the same
// code in one ASCII string with its whitespace minified: ~25 MB at rest, and the bench's reads
// peak ~20 MB lower (see README, Memory). Identifiers are not minified, so names stay as written
// (Nest, class-validator and the OpenAPI document read class names; esbuild numbers only a
// top-level name two bundled ES modules share, such as js-yaml's Schema), and stack traces keep
// function names (dist/parley-api.js.map maps their positions back to the sources; `node
// --enable-source-maps` applies it). esbuild's keepNames is off on purpose: it re-sets the name of
// every function as it is created, closures per request included, which cost the signed-in page
// a third of its throughput.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const ENTRY = path.join(ROOT, 'dist/apps/api/src/main.js');
const OUT = path.join(ROOT, 'dist/parley-api.js');

/**
 * Left to Node's `require` at run time: native addons, packages that find files beside their own
 * modules (PGlite's data, swagger-ui-dist's assets, pino's worker, Prisma's runtime and query
 * compiler), and packages loaded only when a feature is used (Redis, mail, other encodings),
 * whose code would otherwise sit in the bundle's text in every instance.
 */
const EXTERNAL = [
  'argon2',
  'koffi',
  '@electric-sql/pglite',
  '@electric-sql/pglite/*',
  '@electric-sql/pglite-socket',
  'swagger-ui-dist',
  'pino',
  'pino-pretty',
  'thread-stream',
  '@prisma/client',
  '@prisma/client/*',
  'ioredis',
  'nodemailer',
  'iconv-lite',
  // Optional peers Nest and @nestjs/swagger try and do without (Express is ours, not Fastify).
  '@fastify/*',
  '@nestjs/microservices',
  '@nestjs/microservices/*',
  '@nestjs/websockets',
  '@nestjs/websockets/*',
];

/** The generated Prisma client finds its runtime files from its own folder: required where it is. */
const generatedClientStaysOutside = {
  name: 'generated-client-outside',
  setup(build) {
    build.onResolve({ filter: /[\\/]generated[\\/]client$/ }, (args) => {
      const target = path.join(args.resolveDir, `${args.path}.js`);
      return { path: `./${path.relative(path.dirname(OUT), target)}`, external: true };
    });
  },
};

async function main() {
  await esbuild.build({
    entryPoints: [ENTRY],
    outfile: OUT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    charset: 'ascii',
    sourcemap: 'linked',
    external: EXTERNAL,
    plugins: [generatedClientStaysOutside],
    // Nest's optional packages and swagger-ui-dist are found with createRequire(import.meta.url),
    // which a CommonJS bundle has no value for: the bundle's own path (createRequire takes
    // either) finds the same node_modules.
    define: { 'import.meta.url': '__filename' },
    logLevel: 'warning',
  });
  const code = asciiOnly(fs.readFileSync(OUT, 'utf8'));
  fs.writeFileSync(OUT, code);
  process.stdout.write(
    `api: ${path.relative(ROOT, OUT)} ${(code.length / 2 ** 20).toFixed(1)} MB\n`,
  );
}

/**
 * V8 keeps a script's source as one string, and a single character beyond ASCII makes it a
 * two-byte string: twice the memory for the whole bundle. esbuild's `charset: 'ascii'` escapes
 * strings and identifiers but leaves regular-expression literals as written (validator's
 * alphabets), so what remains is escaped here; `\uXXXX` means the same UTF-16 unit in a string,
 * a regular expression or an identifier alike.
 */
function asciiOnly(code) {
  return code.replace(
    /[\u0080-\uffff]/g,
    (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

main().catch((error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
