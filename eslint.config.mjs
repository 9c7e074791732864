// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      '.data/**',
      'libs/database/src/generated/**',
      'bench/results/**',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // Transactions go through PrismaService.transaction(), which runs them again after a deadlock
    // or a serialization failure.
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: ['libs/database/**', '**/*.spec.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name='$transaction']",
          message:
            'Use PrismaService.transaction(): it retries deadlocks and serialization failures.',
        },
      ],
    },
  },
  {
    // One store per table: only `*.store.ts` files hold a database client or write SQL. Services
    // run multi-store changes with TransactionRunner and pass its `tx` to the stores.
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: ['libs/database/**', 'libs/testing/**', '**/*.store.ts', '**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@parley/database',
              importNames: ['PrismaService', 'SqlClient'],
              message: 'Only *.store.ts files use a database client; services call stores.',
            },
            { name: 'pg', message: 'Only libs/database and *.store.ts files talk to PostgreSQL.' },
          ],
        },
      ],
      // Repeats the $transaction rule above (a later block's options replace an earlier one's).
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name='$transaction']",
          message:
            'Use PrismaService.transaction(): it retries deadlocks and serialization failures.',
        },
        {
          selector: 'MemberExpression[property.name=/^\\$(query|execute)Raw(Unsafe)?$/]',
          message: 'SQL belongs in a *.store.ts file.',
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
        console: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off', 'no-console': 'off' },
  },
  {
    files: ['bench/**', 'scripts/**'],
    languageOptions: {
      globals: {
        Buffer: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        performance: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
      },
    },
    rules: { 'no-console': 'off' },
  },
);
