import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { RequestIdMiddleware } from '../common/http/request-id.middleware';
import { AuditController } from './audit.controller';
import { AuditRepository } from './audit.repository';
import { ListAuditEntriesUseCase } from './use-cases/list-audit-entries.use-case';

/** Reading the audit log; also gives every request the id its audit entries record. */
@Module({
  controllers: [AuditController],
  providers: [AuditRepository, ListAuditEntriesUseCase],
})
export class AuditModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestIdMiddleware).forRoutes('{*splat}');
  }
}
