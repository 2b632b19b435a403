import { ApplicationFailure, condition, setHandler } from '@temporalio/workflow';
import {
  isPausable,
  isTerminable,
  LIFECYCLE_CONTROL_REFUSED,
  lifecycleControlQuery,
  MAX_TERMINATION_NOTICE_DAYS,
  PAUSABLE_STAGES,
  partnerTerminationWorkflowId,
  pausePartnerUpdate,
  resumePartnerUpdate,
  stageControlCommandSchema,
  terminatePartnerUpdate,
  terminationCommandSchema,
  type LifecycleControlState,
  type PartnerStage,
  type PausableStage,
  type PauseState,
  type StageControlCommand,
  type TerminationCommand,
  type TerminationScheduled,
} from '@partnerflow/domain';
import type { ZodType } from 'zod';
import { databaseActivities } from './activity-proxies';
import type { StageKeeper } from './lifecycle-stages';

const DAY_MS = 24 * 60 * 60 * 1000;
const iso = (ms: number) => new Date(ms).toISOString();

function refuse(message: string): never {
  throw ApplicationFailure.create({ type: LIFECYCLE_CONTROL_REFUSED, message, nonRetryable: true });
}

function parsed<T>(schema: ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) refuse(`the request is invalid: ${result.error.message}`);
  return result.data;
}

/** What the rest of the lifecycle reads of the operators' controls. */
export interface LifecycleControl {
  state: LifecycleControlState;
  /** From the moment a pause is accepted until the resume is recorded: the drip sends nothing. */
  isPaused(): boolean;
  /** The termination, once its request is recorded (the wind-down waits for it). */
  recordedTermination(): TerminationScheduled | null;
  /** Pauses accepted so far (each names its audit step): carried when the lifecycle continues as new. */
  pauses(): number;
}

/** A pause carried over from the lifecycle's previous run. */
export interface CarriedControl {
  pause: PauseState | null;
  pauses: number;
}

/**
 * The pause, resume and terminate Updates (call before the workflow's first await). Validators
 * refuse what the current stage does not allow, so the api can answer 409 and nothing is
 * written; the handlers check again once earlier stage changes are done, then record the change
 * with the operator as its actor. A scheduled termination ends pausing and resuming.
 */
export function acceptLifecycleControl(context: { partnerId: string; workflowId: string; keeper: StageKeeper; carried?: CarriedControl }): LifecycleControl {
  const { keeper } = context;
  const state: LifecycleControlState = { stage: keeper.stage, pause: context.carried?.pause ?? null, termination: null, windDown: 'not_started' };
  let pauses = context.carried?.pauses ?? 0;
  let terminationRecorded = false;

  function refuseIfTerminating(what: string): void {
    if (state.termination) refuse(`the partner can no longer be ${what}: a termination is scheduled (effective ${state.termination.effectiveAt})`);
  }
  function checkPausable(stage: PartnerStage): asserts stage is PausableStage {
    refuseIfTerminating('paused');
    if (stage === 'PAUSED') refuse('the partner is already paused');
    if (!isPausable(stage)) refuse(`a ${stage} partner cannot be paused (only ${PAUSABLE_STAGES.join(', ')})`);
  }
  function checkResumable(stage: PartnerStage): PauseState {
    refuseIfTerminating('resumed');
    if (stage !== 'PAUSED' || !state.pause) refuse(`the partner is ${stage}, not paused`);
    return state.pause;
  }
  function checkTerminable(stage: PartnerStage, command: TerminationCommand): void {
    if (state.termination) refuse(`a termination is already scheduled (effective ${state.termination.effectiveAt})`);
    if (stage === 'APPLIED') refuse('the application is still being screened: reject it instead (POST /v1/partners/:partnerId/review)');
    if (!isTerminable(stage)) refuse(`a ${stage} partner cannot be terminated`);
    if (command.effectiveAt && Date.parse(command.effectiveAt) > Date.now() + MAX_TERMINATION_NOTICE_DAYS * DAY_MS) {
      refuse(`effectiveAt may be at most ${MAX_TERMINATION_NOTICE_DAYS} days ahead`);
    }
  }
  const validatedBy = <T>(schema: ZodType<T>, check: (stage: PartnerStage, command: T) => unknown) => ({
    validator: (command: unknown) => {
      check(keeper.stage, parsed(schema, command));
    },
  });

  setHandler(lifecycleControlQuery, () => ({ ...state, stage: keeper.stage }));

  setHandler(
    pausePartnerUpdate,
    async (command: StageControlCommand) => {
      const changed = await keeper.change((stage) => {
        checkPausable(stage);
        state.pause = { since: iso(Date.now()), from: stage, reason: command.reason, by: command.operatorId };
        pauses += 1;
        return { to: 'PAUSED', reason: command.reason, step: `paused-${pauses}`, operatorId: command.operatorId, requestId: command.requestId };
      });
      return changed!;
    },
    validatedBy(stageControlCommandSchema, checkPausable),
  );

  setHandler(
    resumePartnerUpdate,
    async (command: StageControlCommand) => {
      const changed = await keeper.change((stage) => ({
        to: checkResumable(stage).from,
        reason: command.reason,
        step: `resumed-${pauses}`,
        operatorId: command.operatorId,
        requestId: command.requestId,
      }));
      state.pause = null;
      return changed!;
    },
    validatedBy(stageControlCommandSchema, checkResumable),
  );

  setHandler(
    terminatePartnerUpdate,
    async (command: TerminationCommand) => {
      const requestedAtMs = Date.now();
      const effectiveAtMs = Math.max(requestedAtMs, command.effectiveAt ? Date.parse(command.effectiveAt) : requestedAtMs);
      const termination: TerminationScheduled = {
        category: command.category,
        reason: command.reason,
        requestedBy: command.operatorId,
        requestedAt: iso(requestedAtMs),
        effectiveAt: iso(effectiveAtMs),
        windDownWorkflowId: partnerTerminationWorkflowId(context.partnerId),
      };
      state.termination = termination; // (from here on, a second request is refused)
      await databaseActivities.recordTerminationScheduled({ partnerId: context.partnerId, workflowId: context.workflowId, termination, requestId: command.requestId });
      terminationRecorded = true;
      if (effectiveAtMs <= Date.now()) await condition(() => keeper.stage === 'TERMINATED');
      return termination;
    },
    validatedBy(terminationCommandSchema, checkTerminable),
  );

  return {
    state,
    isPaused: () => state.pause !== null,
    recordedTermination: () => (terminationRecorded ? state.termination : null),
    pauses: () => pauses,
  };
}
