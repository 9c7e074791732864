/**
 * The import rules of docs/architecture: apps import libs, libs never import apps, domain libs
 * depend one way (moderation → threads → billing → identity), only billing imports stripe, only
 * database knows Prisma, only tests import libs/testing, tests use libs through their alias, and
 * no module depends on itself through others (no cycles).
 */
const DOMAINS_BELOW = {
  identity: [],
  billing: ['identity'],
  threads: ['billing', 'identity'],
  moderation: ['threads', 'billing', 'identity'],
  // Reply and moderation notifications: reads comments and accounts through their services.
  notifications: ['threads', 'billing', 'identity'],
};
// outbox (the durable queue) and mail (templates and transport) know no domain.
// cursor (keyset cursors) and audit (the audit log every domain writes) know no domain either,
// nor webhooks (publisher webhooks: every domain records its events through it).
const BASE_LIBS = [
  'config',
  'errors',
  'database',
  'rate-limit',
  'text',
  'outbox',
  'mail',
  'cursor',
  'audit',
  'webhooks',
  // Live updates' transport: domain libs publish through it, it knows no domain.
  'live',
];

const domainRules = Object.entries(DOMAINS_BELOW).map(([domain, allowed]) => ({
  name: `${domain}-imports-only-lower-domains`,
  severity: 'error',
  from: { path: `^libs/${domain}/` },
  // libs/testing too: its own rule (testing-only-in-tests) keeps it to the lib's specs.
  to: {
    path: '^libs/([^/]+)/',
    pathNot: [`^libs/(${[domain, ...allowed, ...BASE_LIBS, 'testing'].join('|')})/`],
  },
}));

module.exports = {
  forbidden: [
    {
      name: 'libs-never-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'base-libs-import-no-domain',
      severity: 'error',
      from: { path: `^libs/(${BASE_LIBS.join('|')})/`, pathNot: '\\.spec\\.ts$' },
      to: { path: '^libs/(identity|billing|threads|moderation|notifications|testing)/' },
    },
    ...domainRules,
    {
      name: 'only-billing-imports-stripe',
      severity: 'error',
      from: { pathNot: '^(libs/billing/|libs/testing/|test/|bench/)' },
      to: { path: 'node_modules/stripe/' },
    },
    {
      name: 'only-database-knows-prisma',
      severity: 'error',
      from: { pathNot: '^libs/database/' },
      to: { path: ['node_modules/@prisma/', '^libs/database/src/generated/'] },
    },
    {
      name: 'testing-only-in-tests',
      severity: 'error',
      from: { pathNot: ['^libs/testing/', '^test/', '\\.spec\\.ts$'] },
      to: { path: '^libs/testing/' },
    },
    {
      name: 'no-relative-imports-across-libs',
      severity: 'error',
      comment:
        'Libs reach each other through their @parley/* alias (index.ts), never by relative paths. ' +
        "Jest's global setup is the exception: Jest loads it without the alias mapping.",
      from: { path: '^libs/([^/]+)/', pathNot: '^libs/testing/src/global-(setup|teardown)\\.ts$' },
      to: { path: '^libs/([^/]+)/src/(?!index\\.ts$)', pathNot: '^libs/$1/' },
    },
    {
      name: 'tests-reach-libs-through-their-alias',
      severity: 'error',
      comment:
        'End-to-end specs, their support files and the benchmark use a lib as the app does, ' +
        'through its @parley/* alias (index.ts): a test that reaches inside a lib pins what the ' +
        'lib may change.',
      from: { path: '^(test|bench)/' },
      to: { path: '^libs/[^/]+/src/(?!index\\.ts$)' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'A cycle makes two modules one: neither can be understood, tested or moved alone, and ' +
        'Nest resolves cyclic providers to undefined at start-up.',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['libs/database/src/generated', 'dist'] },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    combinedDependencies: true,
  },
};
