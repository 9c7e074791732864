// Lets a spec spawn the service from its TypeScript sources, as jest runs them (swc, CommonJS,
// decorators with metadata, the @parley/* aliases), without a build: `node -r this-file main.ts`.
const Module = require('node:module');
const path = require('node:path');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '../..');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const alias = /^@parley\/([^/]+)$/.exec(request);
  const target = alias ? path.join(root, 'libs', alias[1], 'src') : request;
  return resolve.call(this, target, ...rest);
};

Module._extensions['.ts'] = function (module, filename) {
  const source = require('node:fs').readFileSync(filename, 'utf8');
  const { code } = transformSync(source, {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
