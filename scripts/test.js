#!/usr/bin/env node
'use strict';
// `npm test [-- <jest args>]`: provisions a throw-away PostgreSQL and an in-memory Temporal on
// free ports (so it never clashes with a running `npm run dev`), type-checks, lints, then runs
// jest. Jest's report is the last thing printed and its exit code is ours; provisioning
// progress goes to stderr and teardown is silent.
const fs = require('node:fs');
const path = require('node:path');
const { REPO_ROOT, repoPath, SetupError, describeFailure } = require('./lib/repo');
const { ensureDependencies } = require('./lib/deps');
const { ServiceProcess, runCommand, captureCommand, ShutdownStack } = require('./lib/processes');
const { freePort } = require('./lib/readiness');

const TEMPLATE_DATABASE = 'partnerflow_template';
const TEST_CLUSTERS_DIR = repoPath('.data', 'test');
const shutdown = new ShutdownStack();
let stopping = false;

/** @param {number} pid */
function isRunning(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
  }
}

/**
 * Services of earlier runs that were killed outright (kill -9) and could not clean up: their
 * PostgreSQL cluster (postgres-<pid>/) and in-memory Temporal (temporal-<pid>.pid).
 * @param {(dataDir: string) => void} stopLeftoverPostgres
 */
function removeAbandonedServices(stopLeftoverPostgres) {
  if (!fs.existsSync(TEST_CLUSTERS_DIR)) return;
  for (const entry of fs.readdirSync(TEST_CLUSTERS_DIR)) {
    const match = /^(postgres|temporal)-(\d+)(\.pid)?$/.exec(entry);
    if (!match || isRunning(Number(match[2]))) continue;
    const file = path.join(TEST_CLUSTERS_DIR, entry);
    if (match[1] === 'postgres') stopLeftoverPostgres(file);
    else stopLeftoverTemporal(file);
    fs.rmSync(file, { recursive: true, force: true });
  }
}

/** @param {string} pidFile */
function stopLeftoverTemporal(pidFile) {
  try {
    const pid = Number(fs.readFileSync(pidFile, 'utf8'));
    if (fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('start-dev')) process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/**
 * Type check and lint, side by side (they are independent and each mostly single-threaded).
 * @returns {Promise<boolean>} true when both pass; otherwise their reports have been printed
 */
async function typeCheckAndLint() {
  const colorEnv = process.stdout.isTTY ? { ...process.env, FORCE_COLOR: '1' } : process.env;
  const tsc = repoPath('node_modules', 'typescript', 'bin', 'tsc');
  const tscArgs = [tsc, '-p', 'tsconfig.json', ...(process.stdout.isTTY ? ['--pretty'] : [])];
  const eslint = repoPath('node_modules', 'eslint', 'bin', 'eslint.js');
  const checks = [
    { name: 'type check (tsc)', run: captureCommand(process.execPath, tscArgs, { cwd: REPO_ROOT }) },
    { name: 'lint (eslint)', run: captureCommand(process.execPath, [eslint, '.'], { cwd: REPO_ROOT, env: colorEnv }) },
  ];
  let passed = true;
  for (const check of checks) {
    const { code, output } = await check.run;
    if (code === 0) continue;
    passed = false;
    process.stdout.write(`\n✖ ${check.name} failed:\n${output}\n`);
  }
  return passed;
}

async function main() {
  const jestArgs = process.argv.slice(2);
  await ensureDependencies();
  await require('./build').build();
  const { startPostgres, stopLeftoverServer } = require('./lib/postgres');
  const { ensureTemporalCli, ensureTemporalTestServer } = require('./lib/temporal-binaries');
  const { startTemporalDevServer } = require('./lib/temporal-server');

  const checksPassed = typeCheckAndLint(); // runs while the services start
  removeAbandonedServices(stopLeftoverServer);
  const postgres = await startPostgres({
    dataDir: path.join(TEST_CLUSTERS_DIR, `postgres-${process.pid}`),
    port: await freePort(),
    echo: false,
    ephemeral: true,
  });
  shutdown.add('PostgreSQL', async () => {
    await postgres.stop();
    fs.rmSync(postgres.dataDir, { recursive: true, force: true });
  });
  await postgres.ensureDatabase(TEMPLATE_DATABASE);
  const templateUrl = postgres.urlFor(TEMPLATE_DATABASE);
  const migrate = new ServiceProcess('migrate', process.execPath, [repoPath('dist', 'prisma', 'migrate.js')], {
    env: { ...process.env, DATABASE_URL: templateUrl },
    echo: false,
  });
  if ((await migrate.exited).code !== 0) throw new SetupError(`Migrating the template database failed: ${migrate.describeExit()}`);

  const temporalCli = ensureTemporalCli();
  const temporal = await startTemporalDevServer({ cli: temporalCli, port: await freePort(), echo: false });
  const temporalPidFile = path.join(TEST_CLUSTERS_DIR, `temporal-${process.pid}.pid`);
  fs.writeFileSync(temporalPidFile, String(temporal.service.child.pid));
  shutdown.add('Temporal', async () => {
    await temporal.stop();
    fs.rmSync(temporalPidFile, { force: true });
  });
  const testServer = ensureTemporalTestServer();

  // A run of chosen tests (`npm test -- <paths>`) still runs them when the checks fail, so work in
  // progress elsewhere in the tree doesn't hide their results; the run fails all the same.
  const checksOk = await checksPassed;
  if (!checksOk && jestArgs.length === 0) {
    process.stdout.write('jest was not run: fix the errors above first.\n');
    return 1;
  }
  if (stopping) return 130;

  // VM modules let test code import() ES modules (eslint.config.mjs, postal-mime) inside jest's
  // sandbox; jest's workers inherit the flags.
  const nodeFlags = ['--experimental-vm-modules', '--disable-warning=ExperimentalWarning'];
  const jest = repoPath('node_modules', 'jest', 'bin', 'jest.js');
  const jestExit = await runCommand(process.execPath, [...nodeFlags, jest, ...jestArgs], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      TEST_DATABASE_ADMIN_URL: postgres.adminUrl,
      TEST_DATABASE_TEMPLATE: TEMPLATE_DATABASE,
      DATABASE_URL: templateUrl, // for reading only: tests clone the template for their own database
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_CLI_PATH: temporalCli,
      TEMPORAL_TEST_SERVER_PATH: testServer,
    },
  });
  if (checksOk) return jestExit;
  process.stdout.write('The type check or lint failed (see above): this run fails even where jest passed.\n');
  return jestExit || 1;
}

// Ctrl-C also reaches jest (same terminal process group); we only tidy up, quietly.
shutdown.onSignals(() => {
  stopping = true;
  shutdown.run().then(() => process.exit(130));
});

main()
  .catch((error) => {
    if (stopping) return 130;
    process.stderr.write(`${describeFailure(error)}\n`);
    return 1;
  })
  .then(async (exitCode) => {
    if (stopping) return; // the signal handler finishes
    await shutdown.run();
    // Exit once our own report (e.g. tsc's) is flushed: pipes are asynchronous on macOS.
    process.stdout.write('', () => process.exit(exitCode));
  });
