#!/usr/bin/env node
'use strict';
// Transpiles the TypeScript sources into dist/, mirroring the repository tree
// (apps/api/src/main.ts → dist/apps/api/src/main.js), with swc: no type checking here (that is
// `tsc` in `npm test`), just fast, incremental output. Then bundles the workflows if the worker
// ships a bundler script. Usable alone (`node scripts/build.js`) and from dev.js / test.js.
const fs = require('node:fs');
const path = require('node:path');
const { REPO_ROOT, repoPath, progress, SetupError, describeFailure } = require('./lib/repo');
const { captureCommand } = require('./lib/processes');

/** Folders holding code that runs from dist/. Tests (*.spec.ts) run from source under jest. */
const SOURCE_ROOTS = ['domain/src', 'observability/src', 'workflows/src', 'activities/src', 'prisma'];
const DIST = repoPath('dist');

/** apps/<each app>/src, whichever apps exist */
function appSourceRoots() {
  const appsDir = repoPath('apps');
  if (!fs.existsSync(appsDir)) return [];
  return fs.readdirSync(appsDir).map((app) => `apps/${app}/src`).filter((dir) => fs.existsSync(repoPath(dir)));
}

/** @param {string} dir absolute @returns {string[]} absolute paths of the .ts files to build */
function typeScriptFilesUnder(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts') && !file.endsWith('.d.ts'))
    .filter((file) => !file.split(path.sep).includes('node_modules'))
    .map((file) => path.join(dir, file));
}

/** @param {string} source absolute .ts path @returns {string} its .js path under dist/ */
function outputPathFor(source) {
  return path.join(DIST, path.relative(REPO_ROOT, source)).replace(/\.ts$/, '.js');
}

/** @param {string} file @returns {number} */
function mtimeOf(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

/** swc options shared by every file; tsconfig's paths make @partnerflow/* relative requires. */
function swcOptions() {
  const { compilerOptions } = JSON.parse(fs.readFileSync(repoPath('tsconfig.base.json'), 'utf8'));
  return {
    swcrc: false,
    configFile: false,
    sourceMaps: true,
    module: { type: 'commonjs' },
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      // swc resolves `paths` only against an absolute baseUrl.
      baseUrl: REPO_ROOT,
      paths: compilerOptions.paths,
    },
  };
}

/**
 * @param {typeof import('@swc/core')} swc @param {object} options @param {string} source
 */
async function transpile(swc, options, source) {
  const output = outputPathFor(source);
  const result = await swc
    .transformFile(source, {
      ...options,
      filename: source,
      // The map lives next to the output; point it back at the original .ts.
      sourceFileName: path.relative(path.dirname(output), source),
    })
    .catch((error) => {
      throw new SetupError(`swc could not compile ${path.relative(REPO_ROOT, source)}:\n${error.message ?? error}`);
    });
  fs.mkdirSync(path.dirname(output), { recursive: true });
  fs.writeFileSync(output, `${result.code}\n//# sourceMappingURL=${path.basename(output)}.map\n`);
  if (result.map) fs.writeFileSync(`${output}.map`, result.map);
}

/**
 * Outputs whose source was deleted or renamed would otherwise linger and still be require()-able.
 * @param {string[]} roots relative source roots @param {Set<string>} expectedOutputs
 */
function removeOrphans(roots, expectedOutputs) {
  let removed = 0;
  for (const root of roots) {
    const distRoot = path.join(DIST, root);
    if (!fs.existsSync(distRoot)) continue;
    for (const file of fs.readdirSync(distRoot, { recursive: true, encoding: 'utf8' })) {
      const output = path.join(distRoot, file);
      const js = output.replace(/\.js\.map$/, '.js');
      if (/\.js(\.map)?$/.test(file) && !expectedOutputs.has(js)) {
        fs.rmSync(output);
        removed += 1;
      }
    }
  }
  return removed;
}

/**
 * Webpack takes seconds, so only re-bundle when workflow code (which imports the domain from
 * source), the bundler or the installed packages changed since the last bundle.
 * @param {string} bundler
 */
function workflowBundleIsStale(bundler) {
  const bundledAt = mtimeOf(repoPath('dist', 'workflow-bundle.js'));
  const inputs = [
    ...['workflows/src', 'domain/src'].flatMap((root) => typeScriptFilesUnder(repoPath(root))),
    bundler,
    repoPath('node_modules', '.package-lock.json'),
  ];
  return inputs.some((input) => mtimeOf(input) > bundledAt);
}

/** @returns {Promise<{ compiled: number, upToDate: number }>} */
async function build() {
  const started = Date.now();
  const swc = require(require.resolve('@swc/core', { paths: [REPO_ROOT] }));
  const roots = [...appSourceRoots(), ...SOURCE_ROOTS];
  const sources = roots.flatMap((root) => typeScriptFilesUnder(repoPath(root)));
  // Output older than its source, the path aliases or this script gets rebuilt.
  const configChangedAt = Math.max(mtimeOf(repoPath('tsconfig.base.json')), mtimeOf(__filename));
  const stale = sources.filter((source) => {
    const builtAt = mtimeOf(outputPathFor(source));
    return builtAt < mtimeOf(source) || builtAt < configChangedAt;
  });

  const options = swcOptions();
  await Promise.all(stale.map((source) => transpile(swc, options, source)));
  const removed = removeOrphans(roots, new Set(sources.map(outputPathFor)));

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  progress(
    `build: ${stale.length} compiled, ${sources.length - stale.length} up to date` +
      `${removed ? `, ${removed} stale outputs removed` : ''} (${seconds}s)`,
  );

  // The lead's bundler script pre-builds the workflow bundle (dist/workflow-bundle.js).
  const bundler = repoPath('dist', 'apps', 'worker', 'src', 'bundle-workflows.js');
  if (fs.existsSync(bundler) && workflowBundleIsStale(bundler)) {
    progress('bundling workflows…');
    // webpack's report is long; it is only worth reading when bundling fails.
    const { code, output } = await captureCommand(process.execPath, ['--enable-source-maps', bundler], { cwd: REPO_ROOT });
    if (code !== 0) throw new SetupError(`Bundling the workflows failed (exit code ${code}):\n${output}`);
    progress('workflows bundled into dist/workflow-bundle.js');
  }
  return { compiled: stale.length, upToDate: sources.length - stale.length };
}

module.exports = { build, swcOptions };

if (require.main === module) {
  require('./lib/deps')
    .ensureDependencies()
    .then(build)
    .catch((error) => {
      process.stderr.write(`${describeFailure(error)}\n`);
      process.exit(1);
    });
}
