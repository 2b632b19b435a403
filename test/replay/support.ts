import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { History } from '@temporalio/common/lib/proto-utils';
import * as proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { workflowBundleOptions } from '../../apps/worker/src/workflow-bundle';
import { quietBundlerLogger } from '../support/temporal';

/** Committed histories, one JSON file per workflow execution: `<workflowType>-<scenario>.json`. */
export const HISTORIES_DIR = path.join(__dirname, 'histories');

/** The `*.json` files under histories/, sorted (read when a spec file is loaded). */
export function historyFiles(): string[] {
  let names: string[];
  try {
    names = readdirSync(HISTORIES_DIR);
  } catch {
    return [];
  }
  return names.filter((name) => name.endsWith('.json')).sort();
}

export function loadHistory(file: string): History {
  return historyFromJson(readFileSync(path.join(HISTORIES_DIR, file), 'utf8'));
}

/*
 * History <-> proto JSON: the format of the SDK's historyToJSON/historyFromJSON
 * (@temporalio/common/lib/proto-utils), of `temporal workflow show --output json` and of the web
 * UI's download. We cannot call those two functions here: npm installed separate copies of
 * protobufjs 8 under @temporalio/common and @temporalio/proto (the top-level protobufjs is 7, for
 * @grpc/proto-loader), and protojson from common's copy rejects the History type built by proto's
 * copy ("TypeError: type must be a Type"). So protojson is taken from the copy that built the type.
 */
type ProtoJson = {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options: { ignoreUnknownFields: boolean }): History;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const protojson: ProtoJson = require(
  require.resolve('protobufjs/ext/protojson', { paths: [path.dirname(require.resolve('@temporalio/proto'))] }),
);
const historyType = (patchProtobufRoot(proto) as unknown as { lookupType(name: string): unknown }).lookupType(
  'temporal.api.history.v1.History',
);

export function historyToJson(history: History): string {
  const json = protojson.toJson(historyType, proto.temporal.api.history.v1.History.fromObject(history));
  return `${JSON.stringify(json, null, 2)}\n`;
}

export function historyFromJson(text: string): History {
  return protojson.fromJson(historyType, JSON.parse(text), { ignoreUnknownFields: true });
}

/** The workflow type a history is an execution of (from its first event). */
export function workflowTypeOf(history: History): string {
  const name = history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name;
  if (!name) throw new Error('the first event is not WorkflowExecutionStarted with a workflow type');
  return name;
}

/** Bundles another workflows module (a test fixture) exactly like the worker bundles the real one. */
export function bundleWorkflowsAt(workflowsPath: string): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({ ...workflowBundleOptions(), workflowsPath, logger: quietBundlerLogger });
}
