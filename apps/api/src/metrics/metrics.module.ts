import { Global, Module, type OnModuleInit } from '@nestjs/common';
import { ApiMetrics } from './api-metrics';
import { registerBusinessMetrics } from './business-metrics';
import { MetricsController } from './metrics.controller';
import { MetricsRepository } from './metrics.repository';

/** Global so tracking and conversions can count into the same registry. */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [ApiMetrics, MetricsRepository],
  exports: [ApiMetrics],
})
export class MetricsModule implements OnModuleInit {
  constructor(
    private readonly metrics: ApiMetrics,
    private readonly repository: MetricsRepository,
  ) {}

  onModuleInit(): void {
    registerBusinessMetrics(this.metrics, this.repository);
  }
}
