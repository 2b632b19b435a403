// The replay test is only worth something if it fails on a non-deterministic change: replay a
// committed history against a deliberately changed copy of the workflow.
import path from 'node:path';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import '../support/temporal'; // installs the quiet Temporal runtime for this test file
import { bundleWorkflowsAt, loadHistory } from './support';

describe('replay against a non-deterministic change', () => {
  let changedWorkflows: WorkflowBundleWithSourceMap;

  beforeAll(async () => {
    changedWorkflows = await bundleWorkflowsAt(path.join(__dirname, 'fixtures', 'nondeterministic-lifecycle.workflows.ts'));
  });

  it('fails with a DeterminismViolationError when the lifecycle gains an activity before screening', async () => {
    const history = loadHistory('partnerLifecycleWorkflow-approved.json');
    const replay = Worker.runReplayHistory({ workflowBundle: changedWorkflows, replayName: 'nondeterministic' }, history, 'changed');
    await expect(replay).rejects.toBeInstanceOf(DeterminismViolationError);
    // … and for the change made: the history's first command is the child workflow, not an activity.
    await expect(replay).rejects.toThrow(/StartChildWorkflowExecutionInitiated/);
  });
});
