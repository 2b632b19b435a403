import { Module } from '@nestjs/common';
import { EnsurePerformanceReviewScheduleUseCase } from './use-cases/ensure-performance-review-schedule.use-case';

/** The weekly performance review: its schedule; the workflow and its activities do the work. */
@Module({
  providers: [EnsurePerformanceReviewScheduleUseCase],
  exports: [EnsurePerformanceReviewScheduleUseCase],
})
export class PerformanceModule {}
