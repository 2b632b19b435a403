// ESLint flat config. Syntax-only (no type information), so `eslint .` stays fast.
// The architecture rules below are proven by test/lint/architecture-lint.spec.ts.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const TEST_FILES = ['**/*.spec.ts', '**/*.test.ts'];

// ---------------------------------------------------------------- restricted imports

const WORKFLOW_WHY =
  'Workflow code must be deterministic and runs in the Temporal workflow sandbox, which has no Node APIs, ' +
  'database or network: do I/O in an activity and call it through proxyActivities.';
const DOMAIN_WHY =
  'domain/ is pure TypeScript (+ zod) shared by the api, the worker and the workflow sandbox: ' +
  'no Node APIs and no database access; do that in activities/ or apps/.';

/** @param {string} text */
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Every Node built-in, bare and with the `node:` prefix. */
const nodeBuiltins = [...new Set(builtinModules.map((name) => name.replace(/^node:/, '')))].sort();

/** @param {string} why */
function builtinRestrictions(why) {
  return {
    paths: nodeBuiltins.flatMap((name) => [
      { name, message: `'${name}' is a Node built-in. ${why}` },
      { name: `node:${name}`, message: `'node:${name}' is a Node built-in. ${why}` },
    ]),
    // Built-ins that exist only with the prefix (node:test, node:sqlite, …) and any future ones.
    patterns: [{ regex: `^node:(?!(?:${nodeBuiltins.map(escapeRegExp).join('|')})$)`, message: `Node built-ins are not allowed here. ${why}` }],
  };
}

/** @param {string} why */
function databaseRestrictions(why) {
  const message = `Database and mail access is not allowed here. ${why}`;
  return {
    paths: ['@partnerflow/db', '@prisma/client', 'pg', 'nodemailer'].map((name) => ({ name, message })),
    patterns: [
      // (the names listed in `paths` are negated so that one import gets one report)
      { group: ['@prisma/*', '!@prisma/client', 'pg/*', 'nodemailer/*', '@partnerflow/db/*'], message },
      // relative imports of the Prisma client (prisma/client.ts, prisma/generated/...)
      { regex: '(^|/)prisma/(client|generated)(/|$)', message },
    ],
  };
}

/** @param {...{ paths: object[], patterns: object[] }} parts */
function restrictedImports(...parts) {
  return [
    'error',
    { paths: parts.flatMap((part) => part.paths), patterns: parts.flatMap((part) => part.patterns) },
  ];
}

const WORKFLOW_ONLY_SDK = {
  paths: [
    ['@temporalio/worker', 'the worker runs workflows; workflows never import it'],
    ['@temporalio/client', 'start or signal other workflows with @temporalio/workflow (startChild, getExternalWorkflowHandle)'],
    ['@temporalio/activity', 'the activity context exists only inside activities'],
    ['@temporalio/testing', 'test helpers belong in *.spec.ts files'],
  ].map(([name, hint]) => ({ name, message: `${name} cannot run in the workflow sandbox: ${hint}. ${WORKFLOW_WHY}` })),
  patterns: [{ group: ['@nestjs/*'], message: `Nest cannot run in the workflow sandbox. ${WORKFLOW_WHY}` }],
};

const ACTIVITIES_TYPES_ONLY =
  'Workflows may import activity types only (`import type { ... } from \'@partnerflow/activities\'`) and call ' +
  'activities through proxyActivities<...>(): an activity implementation runs in the worker, never in the ' +
  'deterministic workflow sandbox.';

// ---------------------------------------------------------------- config

export default defineConfig([
  globalIgnores([
    '**/node_modules/',
    'dist/',
    '.data/',
    '.tools/',
    '.nx/',
    'coverage/',
    'prisma/generated/',
  ]),

  {
    name: 'partnerflow/recommended',
    files: ['**/*.{js,cjs,mjs,ts,cts,mts}'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },

  {
    name: 'partnerflow/commonjs-scripts',
    files: ['scripts/**/*.js', '**/*.cjs', '*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
      // `const crypto = require('node:crypto')` shadows Node's global of the same name on purpose.
      'no-redeclare': ['error', { builtinGlobals: false }],
    },
  },

  {
    name: 'partnerflow/esm-node',
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: { ...globals.node } },
  },

  {
    name: 'partnerflow/workflows-sandbox',
    files: ['workflows/**/*.ts'],
    ignores: TEST_FILES,
    rules: {
      'no-restricted-imports': restrictedImports(
        builtinRestrictions(WORKFLOW_WHY),
        databaseRestrictions(WORKFLOW_WHY),
        WORKFLOW_ONLY_SDK,
      ),
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@partnerflow/activities', allowTypeImports: true, message: ACTIVITIES_TYPES_ONLY }],
          patterns: [
            { group: ['@partnerflow/activities/*'], allowTypeImports: true, message: ACTIVITIES_TYPES_ONLY },
            // relative imports of activities/src
            { regex: '(^|/)activities/src(/|$)', allowTypeImports: true, message: ACTIVITIES_TYPES_ONLY },
          ],
        },
      ],
    },
  },

  {
    name: 'partnerflow/pure-domain',
    files: ['domain/**/*.ts'],
    ignores: TEST_FILES,
    rules: {
      'no-restricted-imports': restrictedImports(
        builtinRestrictions(DOMAIN_WHY),
        databaseRestrictions(DOMAIN_WHY),
      ),
    },
  },
]);
