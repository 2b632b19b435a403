'use strict';
// Child-process plumbing for dev.js and test.js: services with prefixed output that remember
// their last words, one-off commands, and one orderly shutdown path. Node built-ins only.
const { spawn } = require('node:child_process');
const os = require('node:os');

const RECENT_LINES_KEPT = 40;
const COLORS = [36, 35, 33, 32, 34, 31];
/** @type {Set<ServiceProcess>} every service still running, for the last-resort kill on exit */
const liveServices = new Set();
/** @type {Set<import('node:child_process').ChildProcess>} one-off commands still running */
const liveCommands = new Set();
/** @type {Set<(service: ServiceProcess) => void>} told about every service that starts */
const startListeners = new Set();

class ServiceProcess {
  /**
   * @param {string} name short prefix for its output, e.g. "api"
   * @param {string} command
   * @param {string[]} args
   * @param {{ env?: NodeJS.ProcessEnv, cwd?: string, echo?: boolean, uid?: number, gid?: number,
   *   stopSignal?: NodeJS.Signals }} [options]
   *   echo=false keeps the output only for error messages (test runs stay quiet);
   *   stopSignal is the signal that means "shut down cleanly" to this program (default SIGTERM).
   */
  constructor(name, command, args, options = {}) {
    this.name = name;
    /** @type {string[]} */
    this.recentLines = [];
    this.exitStatus = /** @type {{ code: number | null, signal: string | null } | null} */ (null);
    const color = COLORS[[...name].reduce((sum, ch) => sum + ch.charCodeAt(0), 0) % COLORS.length];
    const label = `[${name}]`.padEnd(11);
    this.prefix = process.stdout.isTTY ? `\x1b[${color}m${label}\x1b[0m` : label;
    this.echo = options.echo ?? true;
    this.stopSignal = options.stopSignal ?? 'SIGTERM';
    this.command = command;
    this.args = args;
    // Own process group: a terminal Ctrl-C reaches only us, so we decide the shutdown order.
    this.child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      uid: options.uid,
      gid: options.gid,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    liveServices.add(this);
    this.exited = new Promise((resolve) => {
      this.child.on('error', (error) => {
        this.recordLine(`failed to start ${command}: ${error.message}`);
        this.exitStatus = { code: -1, signal: null };
        liveServices.delete(this);
        resolve(this.exitStatus);
      });
      this.child.on('exit', (code, signal) => {
        this.exitStatus = { code, signal };
        liveServices.delete(this);
        resolve(this.exitStatus);
      });
    });
    for (const stream of [this.child.stdout, this.child.stderr]) this.forwardLines(stream);
    if (this.child.pid !== undefined) for (const listener of startListeners) listener(this);
  }

  /** @param {import('node:stream').Readable} stream */
  forwardLines(stream) {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) this.recordLine(line);
    });
    stream.on('end', () => partial && this.recordLine(partial));
  }

  /** @param {string} line */
  recordLine(line) {
    this.recentLines.push(line);
    if (this.recentLines.length > RECENT_LINES_KEPT) this.recentLines.shift();
    if (this.echo) process.stdout.write(`${this.prefix} ${line}\n`);
  }

  get running() {
    return this.exitStatus === null;
  }

  /** A readable explanation of why a service is not there, with its last words. */
  describeExit() {
    const { code, signal } = this.exitStatus ?? {};
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    const tail = this.recentLines.slice(-20).map((line) => `    ${line}`).join('\n');
    return `${this.name} ${how}. Its last output:\n${tail || '    (nothing)'}`;
  }

  /**
   * Asks the service to stop and waits; escalates to SIGKILL after the grace period.
   * @param {NodeJS.Signals} [signal]
   * @param {number} [graceMs]
   */
  async stop(signal = this.stopSignal, graceMs = 15_000) {
    if (!this.running) return;
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

// If we die without an orderly shutdown (an exception, process.exit), take the children along.
process.on('exit', () => {
  for (const service of liveServices) service.child.kill('SIGKILL');
  for (const command of liveCommands) command.kill('SIGTERM');
});

/**
 * Calls `listener` with every service started from now on, e.g. to note its pid so that a later
 * run can stop what a run killed outright (kill -9) left behind.
 * @param {(service: ServiceProcess) => void} listener
 */
function onServiceStart(listener) {
  startListeners.add(listener);
}

/**
 * Runs a command to completion with our terminal (no prefixing) and resolves its exit code.
 * @param {string} command @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv, cwd?: string, stdio?: import('node:child_process').StdioOptions }} [options]
 * @returns {Promise<number>}
 */
function runCommand(command, args, { env, cwd, stdio = 'inherit' } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: env ?? process.env, cwd, stdio });
    liveCommands.add(child);
    child.on('close', () => liveCommands.delete(child));
    child.on('error', reject);
    // Shell convention: killed by a signal = 128 + its number.
    child.on('exit', (code, signal) => resolve(code ?? 128 + (signal ? os.constants.signals[signal] : 0)));
  });
}

/**
 * Runs a command to completion, keeping its output (stdout and stderr interleaved) to show later,
 * so checks that run side by side do not garble each other's reports.
 * @param {string} command @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv, cwd?: string }} [options]
 * @returns {Promise<{ code: number, output: string }>}
 */
async function captureCommand(command, args, { env, cwd } = {}) {
  /** @type {Buffer[]} */
  const chunks = [];
  const child = spawn(command, args, { env: env ?? process.env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  liveCommands.add(child);
  child.stdout.on('data', (chunk) => chunks.push(chunk));
  child.stderr.on('data', (chunk) => chunks.push(chunk));
  const code = await new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode, signal) => {
      liveCommands.delete(child);
      resolve(exitCode ?? 128 + (signal ? os.constants.signals[signal] : 0));
    });
  });
  return { code, output: Buffer.concat(chunks).toString('utf8') };
}

/**
 * Things to undo, undone in reverse order of registration (api, worker, mail, temporal, postgres).
 * The first SIGINT/SIGTERM runs them; a second one gives up waiting and kills what is left.
 */
class ShutdownStack {
  constructor() {
    /** @type {{ name: string, undo: () => Promise<void> | void }[]} */
    this.steps = [];
    /** @type {Promise<void> | null} */
    this.running = null;
  }

  /** @param {string} name @param {() => Promise<void> | void} undo */
  add(name, undo) {
    // Registered after shutdown began (it was still starting): undo it straight away.
    if (this.running) void Promise.resolve().then(undo).catch(() => {});
    else this.steps.push({ name, undo });
  }

  /** @param {(message: string) => void} [log] progress reporter; omit to stay silent */
  run(log) {
    this.running ??= (async () => {
      for (const { name, undo } of this.steps.reverse()) {
        log?.(`stopping ${name}…`);
        try {
          await undo();
        } catch (error) {
          log?.(`could not stop ${name} cleanly: ${error instanceof Error ? error.message : error}`);
        }
      }
      // Services interrupted while still starting were never added as steps.
      for (const service of [...liveServices].reverse()) await service.stop();
    })();
    return this.running;
  }

  /**
   * @param {(signal: NodeJS.Signals) => void} onSignal called once per signal received
   */
  onSignals(onSignal) {
    let firstAt = 0;
    for (const signal of /** @type {NodeJS.Signals[]} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
      process.on(signal, () => {
        if (!firstAt) {
          firstAt = Date.now();
          onSignal(signal);
        } else if (Date.now() - firstAt > 2_000) {
          // A second Ctrl-C, not the copy of the first that `npm run` forwards to us.
          for (const service of liveServices) service.child.kill('SIGKILL');
          process.exit(130);
        }
      });
    }
  }
}

module.exports = { ServiceProcess, runCommand, captureCommand, ShutdownStack, onServiceStart };
