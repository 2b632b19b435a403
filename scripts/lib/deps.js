'use strict';
// Makes node_modules and the generated Prisma client match the checkout. Node built-ins only:
// this is the code that installs everything else.
const crypto = require('node:crypto');
const fs = require('node:fs');
const { REPO_ROOT, repoPath, progress, SetupError } = require('./repo');
const { runCommand, captureCommand } = require('./processes');

/** @param {string} file @returns {number} mtime in ms, or -1 when the file is missing */
function modifiedAt(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

/**
 * `npm ci` when node_modules is missing or older than the lockfile. npm writes
 * node_modules/.package-lock.json at the end of every install, so its mtime says when the tree
 * was last made to match.
 */
async function ensureNodeModules() {
  const lockfile = repoPath('package-lock.json');
  const installedMarker = repoPath('node_modules', '.package-lock.json');
  const hasLockfile = fs.existsSync(lockfile);
  const installedAt = modifiedAt(installedMarker);
  if (installedAt >= 0 && (!hasLockfile || modifiedAt(lockfile) <= installedAt)) return;

  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const npmArgs = ['--no-audit', '--no-fund'];
  if (hasLockfile) {
    progress(installedAt < 0 ? 'installing dependencies (npm ci)…' : 'package-lock.json changed: npm ci…');
    const ci = await captureCommand(npm, ['ci', ...npmArgs], { cwd: REPO_ROOT });
    if (ci.code === 0) return;
    // npm >= 11.6.2 rejects lockfiles that lack other platforms' optional packages (npm/cli#8805)
    // although `npm install` accepts them unchanged; anything else is a real failure.
    if (!ci.output.includes('EUSAGE')) throw new SetupError(`npm ci failed (exit code ${ci.code}):\n${ci.output}`);
    progress('npm ci refused package-lock.json (missing optional packages for other platforms); using npm install…');
  } else {
    progress('installing dependencies (npm install, no package-lock.json)…');
  }
  // --no-save: install what the lockfile pins (plus this platform's missing optional packages)
  // without rewriting package-lock.json, which plain `npm install` does on platforms the lockfile
  // lacks entries for (macOS, arm64…), leaving a modified tracked file behind.
  // stdout goes to stderr too: `npm test`'s stdout should end with jest's report.
  const installArgs = ['install', ...(hasLockfile ? ['--no-save'] : []), ...npmArgs];
  const code = await runCommand(npm, installArgs, { cwd: REPO_ROOT, stdio: ['ignore', 2, 2] });
  if (code !== 0) throw new SetupError(`npm install failed (exit code ${code}); see its output above.`);
}

/**
 * The schema and the Prisma version together decide what `prisma generate` produces.
 * @returns {string}
 */
function schemaFingerprint() {
  const schema = fs.readFileSync(repoPath('prisma', 'schema.prisma'));
  const prismaVersion = require(repoPath('node_modules', 'prisma', 'package.json')).version;
  return crypto.createHash('sha256').update(schema).update(`prisma@${prismaVersion}`).digest('hex');
}

/** `prisma generate` when prisma/generated/client is missing or the schema changed. */
async function ensurePrismaClient() {
  const hashFile = repoPath('prisma', 'generated', '.schema-hash');
  const fingerprint = schemaFingerprint();
  const clientExists = fs.existsSync(repoPath('prisma', 'generated', 'client', 'client.ts'));
  const savedFingerprint = fs.existsSync(hashFile) ? fs.readFileSync(hashFile, 'utf8').trim() : '';
  if (clientExists && savedFingerprint === fingerprint) return;

  progress('generating the Prisma client…');
  const env = {
    ...process.env,
    // generate only checks that a schema engine file exists; this stub avoids a download.
    PRISMA_SCHEMA_ENGINE_BINARY: repoPath('prisma', 'offline-schema-engine.sh'),
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
  };
  const prismaCli = repoPath('node_modules', 'prisma', 'build', 'index.js');
  const code = await runCommand(process.execPath, [prismaCli, 'generate'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 2, 2],
  });
  if (code !== 0) throw new SetupError(`prisma generate failed (exit code ${code}); see its output above.`);
  fs.writeFileSync(hashFile, `${fingerprint}\n`);
}

async function ensureDependencies() {
  await ensureNodeModules();
  await ensurePrismaClient();
}

module.exports = { ensureDependencies, ensureNodeModules, ensurePrismaClient };
