import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Client, ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy, type CalendarSpec, type ScheduleOptionsStartWorkflowAction, type ScheduleSpec } from '@temporalio/client';
import { payoutCalendar, payoutScheduleId, ProgramIdAttribute, WEEKDAYS, WorkflowKindAttribute, type Env, type PayoutPolicy } from '@partnerflow/domain';
import type { payoutRunScheduleWorkflow } from '@partnerflow/workflows';
import { BackgroundWork } from '../../common/background-work';
import { ENV, TEMPORAL_CLIENT } from '../../common/tokens';
import { PayoutsRepository } from '../payouts.repository';

const TEMPORAL_DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;

function specOf(policy: PayoutPolicy): ScheduleSpec {
  const calendar = payoutCalendar(policy);
  const entry: CalendarSpec = { hour: calendar.hour, minute: 0 };
  if (calendar.dayOfMonth !== undefined) entry.dayOfMonth = calendar.dayOfMonth;
  if (calendar.dayOfWeek !== undefined) entry.dayOfWeek = TEMPORAL_DAYS[WEEKDAYS.indexOf(calendar.dayOfWeek)];
  return { calendars: [entry], timezone: calendar.timeZone };
}

/**
 * One Temporal Schedule per program with a payout config (`payout-schedule-<programId>`), kept in
 * step with the current version: created or updated when a version is saved and for every
 * program when the api starts (so seeded programs and versions saved while Temporal was down get
 * theirs). Each firing starts payoutRunScheduleWorkflow, which starts the due period's run.
 */
@Injectable()
export class SyncPayoutSchedulesUseCase implements OnApplicationBootstrap {
  constructor(
    private readonly payouts: PayoutsRepository,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(ENV) private readonly env: Env,
    private readonly background: BackgroundWork,
  ) {}

  onApplicationBootstrap(): void {
    // Not awaited: the api starts (and reports the outage on /health) while Temporal is down.
    this.background.run('syncing payout schedules at start', () => this.syncAll());
  }

  async syncAll(): Promise<void> {
    for (const programId of await this.payouts.programsWithPayoutPolicy()) await this.execute(programId);
  }

  /** Creates or updates the program's schedule from its current payout policy. */
  async execute(programId: string): Promise<void> {
    const { policy, version, stored } = await this.payouts.currentPolicy(programId);
    if (!stored) return;
    const scheduleId = payoutScheduleId(programId);
    const spec = specOf(policy);
    const action = {
      type: 'startWorkflow' as const,
      workflowType: 'payoutRunScheduleWorkflow',
      workflowId: scheduleId,
      taskQueue: this.env.TEMPORAL_TASK_QUEUE,
      args: [{ programId }] as Parameters<typeof payoutRunScheduleWorkflow>,
      typedSearchAttributes: [
        { key: ProgramIdAttribute, value: programId },
        { key: WorkflowKindAttribute, value: 'payout-schedule' },
      ],
    };
    // Bounded: a config save waits for this, and must not hang while Temporal is unreachable.
    await this.temporal.connection.withDeadline(Date.now() + 5_000, () => this.createOrUpdate(scheduleId, spec, action, version));
  }

  private async createOrUpdate(scheduleId: string, spec: ScheduleSpec, action: ScheduleOptionsStartWorkflowAction<typeof payoutRunScheduleWorkflow>, version: number): Promise<void> {
    const handle = this.temporal.schedule.getHandle(scheduleId);
    try {
      await handle.describe();
    } catch (error) {
      if (!(error instanceof ScheduleNotFoundError)) throw error;
      try {
        await this.temporal.schedule.create({
          scheduleId,
          spec,
          action,
          memo: { payoutPolicyVersion: version },
          // A run missed while the cluster was down still starts when it is back (within a week).
          policies: { overlap: ScheduleOverlapPolicy.ALLOW_ALL, catchupWindow: '7 days' },
        });
        return;
      } catch (raced) {
        // (another api replica created it meanwhile: update it like an existing one)
        if (!(raced instanceof ScheduleAlreadyRunning)) throw raced;
      }
    }
    await handle.update((previous) => ({ ...previous, spec, action }));
  }
}
