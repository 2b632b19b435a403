// Replays every committed history under histories/ against the current workflow code, with the
// bundle the worker runs. A change that would break workflows already running (a step added,
// removed or reordered without patched()) fails here with a DeterminismViolationError.
// How to (re)capture histories: test/replay/capture-histories.spec.ts and the README.
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import * as workflows from '@partnerflow/workflows';
import { workflowBundle } from '../support/temporal';
import { historyFiles, loadHistory, workflowTypeOf } from './support';

const files = historyFiles();
/** Every workflow type the worker registers: the functions workflows/src/index.ts exports. */
const workflowTypes = Object.entries(workflows)
  .filter(([, value]) => typeof value === 'function')
  .map(([name]) => name)
  .sort();

describe('committed workflow histories replay against the current workflow code', () => {
  let bundle: WorkflowBundleWithSourceMap;

  beforeAll(async () => {
    bundle = await workflowBundle();
  });

  it('has at least one history of every workflow type the worker registers', () => {
    const covered = new Set(files.map((file) => workflowTypeOf(loadHistory(file))));
    const missing = workflowTypes.filter((type) => !covered.has(type));
    if (files.length === 0 || missing.length > 0) {
      throw new Error(
        `No committed history of ${missing.join(', ')} in test/replay/histories/. Every workflow needs ` +
          'one: add its scenarios to test/replay/capture-histories.spec.ts and run ' +
          '`CAPTURE_HISTORIES=1 npm test -- test/replay/capture-histories`.',
      );
    }
  });

  // (it.each rejects an empty table; the test above reports the empty folder)
  if (files.length > 0) it.each(files)('replays %s', async (file) => {
    const history = loadHistory(file);
    try {
      await Worker.runReplayHistory({ workflowBundle: bundle, replayName: 'replay-test' }, history, file);
    } catch (error) {
      const { name, message } = error as Error;
      throw new Error(`${file} (${workflowTypeOf(history)}) does not replay: ${name}: ${message}`, { cause: error });
    }
  });
});
