import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { ZodSerializerInterceptor, ZodValidationPipe } from 'nestjs-zod';
import type { Env } from '@partnerflow/domain';
import { ApiKeyGuard } from './common/auth/api-key.guard';
import { CoreModule } from './common/core.module';
import { ErrorFilter } from './common/http/error.filter';
import { CommissionsModule } from './commissions/commissions.module';
import { ConfigsModule } from './configs/configs.module';
import { ConversionsModule } from './conversions/conversions.module';
import { CouponsModule } from './coupons/coupons.module';
import { HealthModule } from './health/health.module';
import { PartnersModule } from './partners/partners.module';
import { ProgramsModule } from './programs/programs.module';
import { ReviewsModule } from './reviews/reviews.module';
import { TasksModule } from './tasks/tasks.module';
import { TrackingModule } from './tracking/tracking.module';
import { WorkflowsModule } from './workflows/workflows.module';

@Module({})
export class AppModule {
  static register(env: Env): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.register(env), HealthModule, PartnersModule, WorkflowsModule, ProgramsModule, ConfigsModule, TrackingModule, ConversionsModule, CouponsModule, CommissionsModule, ReviewsModule, TasksModule],
      providers: [
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_PIPE, useClass: ZodValidationPipe },
        { provide: APP_INTERCEPTOR, useClass: ZodSerializerInterceptor },
        { provide: APP_FILTER, useClass: ErrorFilter },
      ],
    };
  }
}
