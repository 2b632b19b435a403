'use strict';
// Which `npm run dev` owns this checkout's .data/, and which services it started. A run that is
// killed outright (kill -9, a crashed terminal) cannot stop its services, which run in process
// groups of their own: without this record the next run could only say "port in use".
// Node built-ins only.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { repoPath, progress, SetupError } = require('./repo');
const { onServiceStart } = require('./processes');

const RUN_FILE = repoPath('.data', 'dev-run.json');

/**
 * @typedef {object} RecordedService
 * @property {string} name
 * @property {number} pid
 * @property {string} commandLine  what it was started as, to tell it from a process that reused the pid
 * @property {NodeJS.Signals} stopSignal
 */

/** @param {number} pid */
function isAlive(pid) {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
  }
  // A process that has exited but is not yet reaped (a zombie) still takes signals.
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').pop()?.[0] !== 'Z';
  } catch {
    return true; // no /proc (macOS)
  }
}

/** @param {number} pid @returns {string} its command line with single spaces, '' when unknown */
function commandLineOf(pid) {
  /** @param {string} raw */
  const normalise = (raw) => raw.replace(/\0/g, ' ').replace(/\s+/g, ' ').trim();
  try {
    return normalise(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    // no /proc (macOS)
  }
  try {
    return normalise(execFileSync('ps', ['-ww', '-p', String(pid), '-o', 'command='], { encoding: 'utf8' }));
  } catch {
    return '';
  }
}

/** @param {string} command @param {string[]} args */
function expectedCommandLine(command, args) {
  return [command, ...args].join(' ').replace(/\s+/g, ' ').trim();
}

/** @param {number} pid @param {number} timeoutMs @returns {Promise<boolean>} true once it is gone */
async function waitForExit(pid, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return !isAlive(pid);
}

/** @returns {{ pid: number, services: RecordedService[] } | null} */
function readRecord() {
  try {
    return JSON.parse(fs.readFileSync(RUN_FILE, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * Refuses to start next to another `npm run dev` of this checkout (they would share .data/), and
 * stops the services an earlier run left running when it was killed outright.
 */
async function takeOverCheckout() {
  const record = readRecord();
  if (record && record.pid !== process.pid && isAlive(record.pid) && commandLineOf(record.pid).includes('dev.js')) {
    throw new SetupError(
      `Another \`npm run dev\` (pid ${record.pid}) is already running in this checkout. ` +
        `Stop it first (Ctrl-C in its terminal, or \`kill ${record.pid}\`).`,
    );
  }
  // Newest first, as a normal shutdown does: the api and worker before what they depend on.
  for (const service of [...(record?.services ?? [])].reverse()) {
    if (!isAlive(service.pid)) continue;
    // A pid can be reused: only stop what still runs the exact command we started.
    if (!commandLineOf(service.pid).startsWith(service.commandLine)) continue;
    progress(`stopping ${service.name} (pid ${service.pid}), left running by an earlier \`npm run dev\` that was killed…`);
    try {
      process.kill(service.pid, service.stopSignal);
      if (!(await waitForExit(service.pid, 15_000))) {
        process.kill(service.pid, 'SIGKILL');
        await waitForExit(service.pid, 5_000);
      }
    } catch {
      // gone in the meantime
    }
  }
  writeRecord([]);
}

/** @type {RecordedService[]} */
let services = [];

/** @param {RecordedService[]} list */
function writeRecord(list) {
  services = list;
  fs.mkdirSync(path.dirname(RUN_FILE), { recursive: true });
  fs.writeFileSync(RUN_FILE, `${JSON.stringify({ pid: process.pid, services }, null, 2)}\n`);
}

/** Keeps the record up to date with every service this process starts from now on. */
function recordServices() {
  onServiceStart((service) => {
    const pid = /** @type {number} */ (service.child.pid);
    writeRecord([
      ...services,
      { name: service.name, pid, commandLine: expectedCommandLine(service.command, service.args), stopSignal: service.stopSignal },
    ]);
    service.exited.then(() => {
      if (readRecord()?.pid === process.pid) writeRecord(services.filter((recorded) => recorded.pid !== pid));
    });
  });
}

/** Called once everything this run started has stopped. */
function releaseCheckout() {
  if (readRecord()?.pid === process.pid) fs.rmSync(RUN_FILE, { force: true });
}

module.exports = { takeOverCheckout, recordServices, releaseCheckout };
