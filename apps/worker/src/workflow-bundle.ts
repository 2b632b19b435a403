import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { BundleOptions } from '@temporalio/worker';

/** The repository root, found from both the sources and the build output (dist/…). */
function findRepoRoot(from: string): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'tsconfig.base.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no tsconfig.base.json above ${from}: cannot bundle workflows`);
    dir = parent;
  }
  return dir;
}

/**
 * The workflow bundler (webpack) does not read tsconfig paths, so the @partnerflow/* aliases are
 * handed to it here; workflow code then resolves `@partnerflow/domain` to its TypeScript source.
 */
function pathAliases(repoRoot: string): Record<string, string> {
  const tsconfig = JSON.parse(readFileSync(path.join(repoRoot, 'tsconfig.base.json'), 'utf8'));
  const paths = tsconfig.compilerOptions.paths as Record<string, string[]>;
  return Object.fromEntries(
    Object.entries(paths).map(([alias, [target]]) => [alias, path.join(repoRoot, target)]),
  );
}

export function workflowBundleOptions(): Pick<BundleOptions, 'workflowsPath' | 'webpackConfigHook'> {
  const repoRoot = findRepoRoot(__dirname);
  return {
    workflowsPath: path.join(repoRoot, 'workflows/src/index.ts'),
    webpackConfigHook: (config) => ({
      ...config,
      resolve: {
        ...config.resolve,
        alias: { ...(config.resolve?.alias as Record<string, string>), ...pathAliases(repoRoot) },
      },
    }),
  };
}
