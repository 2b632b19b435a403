import { Context } from '@temporalio/activity';

/**
 * The running activity's context, or null when the code runs outside an activity (a medium test
 * calling the function directly, a script): helpers that signal or start workflows with the
 * worker's own client then do nothing, and those that heartbeat just run.
 */
export function currentActivity(): Context | null {
  try {
    return Context.current();
  } catch {
    return null;
  }
}
