#!/usr/bin/env node
'use strict';
// `npm run reconcile -- <program>`: builds, then checks the program's ledger against its
// commissions (apps/api/src/reconcile.ts). DATABASE_URL must point at the database, e.g. the one
// `npm run dev` prints.
const { repoPath } = require('./lib/repo');
const { runCommand } = require('./lib/processes');

async function main() {
  await require('./build').build();
  return runCommand(process.execPath, [repoPath('dist', 'apps', 'api', 'src', 'reconcile.js'), ...process.argv.slice(2)], {});
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.message : error}\n`);
    process.exit(1);
  },
);
