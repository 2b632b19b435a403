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
 * handed to it here; workflow code then resolves them to TypeScript sources (the domain to
 * WORKFLOW_DOMAIN_ENTRY below).
 */
function pathAliases(repoRoot: string): Record<string, string> {
  const tsconfig = JSON.parse(readFileSync(path.join(repoRoot, 'tsconfig.base.json'), 'utf8'));
  const paths = tsconfig.compilerOptions.paths as Record<string, string[]>;
  return Object.fromEntries(
    Object.entries(paths).map(([alias, [target]]) => [alias, path.join(repoRoot, target)]),
  );
}

/**
 * What `@partnerflow/domain` means inside the bundle: only the modules workflows use, not the whole
 * index. Every cached workflow evaluates the bundle's modules anew, so the full index's zod schemas
 * cost memory and start time per open workflow (see that file and the README's benchmark).
 */
export const WORKFLOW_DOMAIN_ENTRY = 'domain/src/workflow-entry.ts';

export function workflowBundleOptions(): Pick<BundleOptions, 'workflowsPath' | 'webpackConfigHook'> {
  const repoRoot = findRepoRoot(__dirname);
  return {
    workflowsPath: path.join(repoRoot, 'workflows/src/index.ts'),
    webpackConfigHook: (config) => ({
      ...config,
      // A name the workflow entry lacks fails the bundle instead of being undefined at run time.
      module: { ...config.module, strictExportPresence: true },
      resolve: {
        ...config.resolve,
        alias: {
          ...(config.resolve?.alias as Record<string, string>),
          ...pathAliases(repoRoot),
          '@partnerflow/domain': path.join(repoRoot, WORKFLOW_DOMAIN_ENTRY),
        },
      },
    }),
  };
}
