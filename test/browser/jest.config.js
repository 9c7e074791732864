// The browser journeys (npm run test:browser): Debian's chromium driven by playwright-core against
// the service with the built widget and console (dist/web, built by the script first). Kept out of
// `npm test`: they need the browser and the build, and take longer than the API specs.
const base = require('../../jest.config.js');

const e2e = base.projects.find((project) => project.displayName === 'e2e');

/** @type {import('jest').Config} */
module.exports = {
  ...e2e,
  rootDir: '../..',
  displayName: 'browser',
  testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
  globalSetup: base.globalSetup,
  globalTeardown: base.globalTeardown,
  testTimeout: 60_000,
  // One browser at a time on a shared machine.
  maxWorkers: 1,
};
