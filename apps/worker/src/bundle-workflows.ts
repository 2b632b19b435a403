import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowBundleOptions } from './workflow-bundle';

/**
 * Build step: bundles the workflow code once, so production workers start without webpack
 * (WORKFLOW_BUNDLE_PATH=dist/workflow-bundle.js).
 */
async function main(): Promise<void> {
  const { code } = await bundleWorkflowCode(workflowBundleOptions());
  const target = path.resolve(__dirname, '../../../workflow-bundle.js');
  await writeFile(target, code);
  console.log(`workflow bundle written to ${path.relative(process.cwd(), target)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
