import { Module } from '@nestjs/common';
import { CheckHealthUseCase } from './check-health.use-case';
import { HealthController } from './health.controller';

@Module({ controllers: [HealthController], providers: [CheckHealthUseCase] })
export class HealthModule {}
