import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import { PERFORMANCE_REVIEW_FIRES_AT, performanceReviewScheduleId, WorkflowKindAttribute, type Env } from '@partnerflow/domain';
import type { performanceReviewWorkflow } from '@partnerflow/workflows';
import { BackgroundWork } from '../../common/background-work';
import { ENV, TEMPORAL_CLIENT } from '../../common/tokens';

/**
 * The weekly performance review's Temporal Schedule (`performance-review-weekly-<taskQueue>`),
 * created when the api starts if it does not exist, so no person has to. Only created, never
 * overwritten: an operator who paused or re-timed it in Temporal keeps that. Each firing starts
 * performanceReviewWorkflow, which reviews every program's last completed week.
 */
@Injectable()
export class EnsurePerformanceReviewScheduleUseCase implements OnApplicationBootstrap {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(ENV) private readonly env: Env,
    private readonly background: BackgroundWork,
  ) {}

  onApplicationBootstrap(): void {
    // Not awaited: the api starts (and reports the outage on /health) while Temporal is down.
    this.background.run('creating the weekly performance review schedule', () => this.execute());
  }

  /** `created`, or `exists` when it was there already (an earlier start, another replica). */
  async execute(): Promise<'created' | 'exists'> {
    const scheduleId = performanceReviewScheduleId(this.env.TEMPORAL_TASK_QUEUE);
    const args: Parameters<typeof performanceReviewWorkflow> = [{}];
    // Bounded, like the payout schedules' sync: an unreachable Temporal must not hold the start.
    return this.temporal.connection.withDeadline(Date.now() + 5_000, async () => {
      try {
        await this.temporal.schedule.create({
          scheduleId,
          spec: { calendars: [{ dayOfWeek: PERFORMANCE_REVIEW_FIRES_AT.dayOfWeek, hour: PERFORMANCE_REVIEW_FIRES_AT.hour, minute: 0 }], timezone: PERFORMANCE_REVIEW_FIRES_AT.timeZone },
          action: {
            type: 'startWorkflow',
            workflowType: 'performanceReviewWorkflow',
            workflowId: scheduleId,
            taskQueue: this.env.TEMPORAL_TASK_QUEUE,
            args,
            typedSearchAttributes: [{ key: WorkflowKindAttribute, value: 'performance-review' }],
          },
          // A firing missed while the cluster was down still runs within three days: it reviews
          // the same week then (the week ends Monday; the workflow takes the last one completed).
          policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '3 days' },
        });
        return 'created';
      } catch (error) {
        if (error instanceof ScheduleAlreadyRunning) return 'exists';
        throw error;
      }
    });
  }
}
