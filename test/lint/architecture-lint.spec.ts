/**
 * Proves that eslint.config.mjs enforces the architecture: workflow code stays deterministic
 * (no Node built-ins, no database, activities only as types) and domain/ stays pure.
 * Snippets are linted in memory as if they lived at the given paths; no file is written.
 *
 * ESLint loads eslint.config.mjs with a dynamic import(), which jest's module sandbox rejects
 * (it would need --experimental-vm-modules). So the ESLint Node API — `new ESLint({ cwd })` and
 * `lintText(code, { filePath })` — runs in one plain `node` child process for all snippets.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

interface Finding {
  ruleId: string | null;
  severity: number;
  message: string;
}

const FS_IMPORT = "import { readFileSync } from 'fs';\nexport const read = readFileSync;\n";
const NODE_FS_IMPORT = "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n";
const PRISMA_IMPORT = "import { PrismaClient } from '@prisma/client';\nexport const Client = PrismaClient;\n";
const ACTIVITIES_VALUE_IMPORT =
  "import { createActivities } from '@partnerflow/activities';\nexport const make = createActivities;\n";
const ACTIVITIES_TYPE_IMPORT =
  "import type { Activities } from '@partnerflow/activities';\nexport type Acts = Activities;\n";

const WORKFLOW_BUILTINS: [string, string][] = [
  ['fs', FS_IMPORT],
  ['node:fs', NODE_FS_IMPORT],
  ['node:crypto', "import { randomUUID } from 'node:crypto';\nexport const id = randomUUID;\n"],
  ['a prefix-only built-in (node:test)', "import { test } from 'node:test';\nexport const t = test;\n"],
];
const WORKFLOW_DATABASE: [string, string][] = [
  ['@prisma/client', PRISMA_IMPORT],
  ['@prisma/adapter-pg', "import { PrismaPg } from '@prisma/adapter-pg';\nexport const A = PrismaPg;\n"],
  ['@partnerflow/db', "import { createPrismaClient } from '@partnerflow/db';\nexport const c = createPrismaClient;\n"],
  ['pg', "import { Pool } from 'pg';\nexport const P = Pool;\n"],
  ['nodemailer', "import nodemailer from 'nodemailer';\nexport const n = nodemailer;\n"],
  ['the Prisma client by relative path', "import { PrismaClient } from '../../prisma/client';\nexport const C = PrismaClient;\n"],
];
const ACTIVITIES_RELATIVE_IMPORT =
  "import { createActivities } from '../../activities/src';\nexport const make = createActivities;\n";
const WORKFLOW_SDK_AND_DOMAIN =
  "import { proxyActivities } from '@temporalio/workflow';\n" +
  "import { parseEnv } from '@partnerflow/domain';\n" +
  'export const deps = [proxyActivities, parseEnv];\n';
const TEMPORAL_CLIENT_IMPORT = "import { Client } from '@temporalio/client';\nexport const C = Client;\n";
const DOMAIN_BUILTINS: [string, string][] = [
  ['fs', FS_IMPORT],
  ['node:fs', NODE_FS_IMPORT],
  ['fs/promises', "import { readFile } from 'fs/promises';\nexport const read = readFile;\n"],
];
const ZOD_IMPORT = "import { z } from 'zod';\nexport const s = z.string();\n";
const UNRESTRICTED: [string, string][] = [
  ['activities/src/x.ts', FS_IMPORT],
  ['activities/src/x.ts', PRISMA_IMPORT],
  ['apps/api/src/x.ts', NODE_FS_IMPORT],
  ['apps/worker/src/x.ts', ACTIVITIES_VALUE_IMPORT],
];
const COMMONJS_SCRIPT =
  "'use strict';\nconst path = require('node:path');\nmodule.exports = { root: path.resolve(__dirname, '..') };\n";

/** Every (path, code) pair the tests ask about, linted together in beforeAll. */
const SNIPPETS: [string, string][] = [
  ...WORKFLOW_BUILTINS.map(([, code]): [string, string] => ['workflows/src/x.ts', code]),
  ...WORKFLOW_DATABASE.map(([, code]): [string, string] => ['workflows/src/x.ts', code]),
  ['workflows/src/x.ts', ACTIVITIES_VALUE_IMPORT],
  ['workflows/src/x.ts', ACTIVITIES_RELATIVE_IMPORT],
  ['workflows/src/x.ts', ACTIVITIES_TYPE_IMPORT],
  ['workflows/src/x.ts', WORKFLOW_SDK_AND_DOMAIN],
  ['workflows/src/x.ts', TEMPORAL_CLIENT_IMPORT],
  ['workflows/src/x.spec.ts', ACTIVITIES_VALUE_IMPORT],
  ...DOMAIN_BUILTINS.map(([, code]): [string, string] => ['domain/src/x.ts', code]),
  ['domain/src/x.ts', PRISMA_IMPORT],
  ['domain/src/x.ts', ZOD_IMPORT],
  ...UNRESTRICTED,
  ['scripts/x.js', COMMONJS_SCRIPT],
];

/** Runs in a plain `node` process: the ESLint Node API over the snippets read from stdin. */
const LINT_SCRIPT = `
const { ESLint } = require('eslint');
const path = require('node:path');
let input = '';
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', async () => {
  const { cwd, snippets } = JSON.parse(input);
  const eslint = new ESLint({ cwd });
  const results = [];
  for (const [filePath, code] of snippets) {
    const [result] = await eslint.lintText(code, { filePath: path.join(cwd, filePath) });
    results.push(result.messages.map(({ ruleId, severity, message }) => ({ ruleId, severity, message })));
  }
  process.stdout.write(JSON.stringify(results));
});
`;

const results = new Map<string, Finding[]>();
const key = (path: string, code: string) => `${path}\u0000${code}`;

beforeAll(() => {
  const output = execFileSync(process.execPath, ['-e', LINT_SCRIPT], {
    cwd: ROOT,
    input: JSON.stringify({ cwd: ROOT, snippets: SNIPPETS }),
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
    timeout: 60_000,
  });
  const findings = JSON.parse(output) as Finding[][];
  SNIPPETS.forEach(([path, code], index) => results.set(key(path, code), findings[index]));
});

function lint(path: string, code: string): Finding[] {
  const findings = results.get(key(path, code));
  if (!findings) throw new Error(`snippet for ${path} was not linted: add it to SNIPPETS`);
  const fatal = findings.filter((finding) => finding.ruleId === null);
  if (fatal.length > 0) throw new Error(`ESLint could not parse the snippet for ${path}: ${fatal[0].message}`);
  return findings;
}

/** Only the import restrictions: other rules are not what these tests are about. */
function importErrors(path: string, code: string): Finding[] {
  return lint(path, code).filter(
    (finding) =>
      finding.severity === 2 &&
      (finding.ruleId === 'no-restricted-imports' || finding.ruleId === '@typescript-eslint/no-restricted-imports'),
  );
}

describe('architecture lint rules', () => {
  describe('workflows/ (Temporal sandbox)', () => {
    it.each(WORKFLOW_BUILTINS)('rejects the Node built-in %s, saying why', (_name, code) => {
      const errors = importErrors('workflows/src/x.ts', code);
      expect(errors).toHaveLength(1);
      expect(errors[0].ruleId).toBe('no-restricted-imports');
      expect(errors[0].message).toMatch(/deterministic/);
      expect(errors[0].message).toMatch(/sandbox/);
    });

    it.each(WORKFLOW_DATABASE)('rejects database / mail access through %s', (_name, code) => {
      const errors = importErrors('workflows/src/x.ts', code);
      expect(errors).toHaveLength(1);
      expect(errors[0].ruleId).toBe('no-restricted-imports');
      expect(errors[0].message).toMatch(/deterministic/);
    });

    it('rejects importing activity implementations as values', () => {
      const errors = importErrors('workflows/src/x.ts', ACTIVITIES_VALUE_IMPORT);
      expect(errors).toHaveLength(1);
      expect(errors[0].ruleId).toBe('@typescript-eslint/no-restricted-imports');
      expect(errors[0].message).toMatch(/import type/);
    });

    it('rejects importing activities/src by relative path', () => {
      const errors = importErrors('workflows/src/x.ts', ACTIVITIES_RELATIVE_IMPORT);
      expect(errors).toHaveLength(1);
      expect(errors[0].ruleId).toBe('@typescript-eslint/no-restricted-imports');
    });

    it('allows `import type` from @partnerflow/activities', () => {
      expect(importErrors('workflows/src/x.ts', ACTIVITIES_TYPE_IMPORT)).toEqual([]);
    });

    it('allows the workflow SDK and the domain', () => {
      expect(importErrors('workflows/src/x.ts', WORKFLOW_SDK_AND_DOMAIN)).toEqual([]);
    });

    it('rejects SDK packages that cannot run in the sandbox', () => {
      expect(importErrors('workflows/src/x.ts', TEMPORAL_CLIENT_IMPORT)).toHaveLength(1);
    });

    it('lets workflow tests (*.spec.ts) register activity implementations', () => {
      expect(importErrors('workflows/src/x.spec.ts', ACTIVITIES_VALUE_IMPORT)).toEqual([]);
    });
  });

  describe('domain/ (pure)', () => {
    it.each(DOMAIN_BUILTINS)('rejects the Node built-in %s, saying why', (_name, code) => {
      const errors = importErrors('domain/src/x.ts', code);
      expect(errors).toHaveLength(1);
      expect(errors[0].ruleId).toBe('no-restricted-imports');
      expect(errors[0].message).toMatch(/pure/);
    });

    it('rejects Prisma', () => {
      const errors = importErrors('domain/src/x.ts', PRISMA_IMPORT);
      expect(errors).toHaveLength(1);
      expect(errors[0].message).toMatch(/pure/);
    });

    it('allows zod', () => {
      expect(importErrors('domain/src/x.ts', ZOD_IMPORT)).toEqual([]);
    });
  });

  describe('elsewhere', () => {
    it.each(UNRESTRICTED)('%s may use Node, the database and activity values', (path, code) => {
      expect(importErrors(path, code)).toEqual([]);
    });

    it('lints scripts/*.js as CommonJS Node code', () => {
      expect(lint('scripts/x.js', COMMONJS_SCRIPT)).toEqual([]);
    });
  });
});
