'use strict';
// Runs the benchmarks' TypeScript without a build step, with the same swc settings as
// scripts/build.js: `node -r ./bench/register.cjs bench/click-redirect.bench.ts`.
const fs = require('node:fs');
const path = require('node:path');
const { swcOptions } = require('../scripts/build');

const REPO_ROOT = path.resolve(__dirname, '..');
const swc = require(require.resolve('@swc/core', { paths: [REPO_ROOT] }));
const options = { ...swcOptions(), sourceMaps: 'inline' };

require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), { ...options, filename });
  module._compile(code, filename);
};
