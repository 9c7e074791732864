// Two projects: unit specs beside the code, end-to-end specs in test/. One database per worker is
// prepared by libs/testing's global setup (PostgreSQL when TEST_DATABASE_URL or DATABASE_URL is
// set, otherwise in-memory embedded servers).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.[cm]?[tj]sx?$': swc },
  // NestJS 12 ships ESM only, and Jest 30 cannot require() ESM below Node 24.9: compile it too.
  // PGlite's CommonJS build loads Node built-ins with import(), which Jest's VM refuses without
  // --experimental-vm-modules: compiled, those become require().
  // jose 6 (publisher sign-in) is ESM only as well.
  transformIgnorePatterns: ['node_modules/(?!(@nestjs|@electric-sql|jose)/)'],
  moduleNameMapper: { '^@parley/(.*)$': '<rootDir>/libs/$1/src' },
  setupFiles: ['<rootDir>/libs/testing/src/worker-database.setup.ts'],
};

/** @type {import('jest').Config} */
module.exports = {
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
  // The default 5 s is too tight for e2e specs on a loaded 2-core machine (argon2, app start-up);
  // a global option (ignored inside a project's config).
  testTimeout: 15_000,
  // Jest's default (cores − 1) is one worker on a 2-core machine, where the specs mostly wait on
  // PostgreSQL: two workers finish the suite in about two thirds of the time.
  maxWorkers: Math.max(2, require('node:os').availableParallelism() - 1),
  transform: shared.transform,
  transformIgnorePatterns: shared.transformIgnorePatterns,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,scripts}/**/*.spec.ts'] },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
};
