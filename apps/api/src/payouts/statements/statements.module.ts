import { Module } from '@nestjs/common';
import { StatementsController } from './statements.controller';
import { StatementsRepository } from './statements.repository';
import { RenderPayoutStatementUseCase } from './use-cases/render-payout-statement.use-case';

/** Payout statements (CSV, PDF); the use case is exported for the partner's own statements. */
@Module({
  controllers: [StatementsController],
  providers: [StatementsRepository, RenderPayoutStatementUseCase],
  exports: [RenderPayoutStatementUseCase],
})
export class StatementsModule {}
