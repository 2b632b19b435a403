import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { ZodSerializerInterceptor, ZodValidationPipe } from 'nestjs-zod';
import type { Env } from '@partnerflow/domain';
import { ApiKeyGuard } from './common/auth/api-key.guard';
import { PartnerSessionGuard } from './common/auth/partner-session.guard';
import { CoreModule } from './common/core.module';
import { ErrorFilter } from './common/http/error.filter';
import { CommissionsModule } from './commissions/commissions.module';
import { ConfigsModule } from './configs/configs.module';
import { ConversionsModule } from './conversions/conversions.module';
import { CouponsModule } from './coupons/coupons.module';
import { FxRatesModule } from './fx-rates/fx-rates.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { PartnersModule } from './partners/partners.module';
import { ProgramsModule } from './programs/programs.module';
import { ReportsModule } from './reports/reports.module';
import { ReviewsModule } from './reviews/reviews.module';
import { TasksModule } from './tasks/tasks.module';
import { TrackingModule } from './tracking/tracking.module';
import { WorkflowsModule } from './workflows/workflows.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { RateLimitModule } from './common/rate-limit/rate-limit.module';
import { MeModule } from './me/me.module';
import { PrivacyModule } from './privacy/privacy.module';
import { StatementsModule } from './payouts/statements/statements.module';
import { TaxModule } from './tax/tax.module';
import { MessagesModule } from './messages/messages.module';
import { NotificationsModule } from './notifications/notifications.module';
import { TemplatesModule } from './templates/templates.module';
import { PayoutMethodsModule } from './payout-methods/payout-methods.module';
import { PayoutsModule } from './payouts/payouts.module';
import { PerformanceModule } from './performance/performance.module';
import { BroadcastsModule } from './broadcasts/broadcasts.module';
import { CreativesModule } from './creatives/creatives.module';
import { DomainEventsModule } from './webhooks/domain-events.module';
import { WebhooksModule } from './webhooks/webhooks.module';

@Module({})
export class AppModule {
  static register(env: Env): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.register(env), MetricsModule, HealthModule, PartnersModule, WorkflowsModule, ProgramsModule, ConfigsModule, TrackingModule, ConversionsModule, CouponsModule, CommissionsModule, ReviewsModule, TasksModule, ReportsModule, AuditModule, RateLimitModule, AuthModule, MeModule, PrivacyModule, TaxModule, StatementsModule, MessagesModule, TemplatesModule, NotificationsModule, PayoutMethodsModule, PayoutsModule, DomainEventsModule, WebhooksModule, BroadcastsModule, FxRatesModule, PerformanceModule, ApiKeysModule, CreativesModule],
      providers: [
        PartnerSessionGuard,
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_PIPE, useClass: ZodValidationPipe },
        { provide: APP_INTERCEPTOR, useClass: ZodSerializerInterceptor },
        { provide: APP_FILTER, useClass: ErrorFilter },
      ],
    };
  }
}
