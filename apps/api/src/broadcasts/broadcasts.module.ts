import { Module } from '@nestjs/common';
import { ProgramsModule } from '../programs/programs.module';
import { BroadcastsController } from './broadcasts.controller';
import { BroadcastsRepository } from './broadcasts.repository';
import { AcknowledgeBroadcastUseCase } from './use-cases/acknowledge-broadcast.use-case';
import { CancelBroadcastUseCase } from './use-cases/cancel-broadcast.use-case';
import { CreateBroadcastUseCase } from './use-cases/create-broadcast.use-case';
import { GetBroadcastUseCase } from './use-cases/get-broadcast.use-case';
import { ListBroadcastsUseCase } from './use-cases/list-broadcasts.use-case';

@Module({
  imports: [ProgramsModule],
  controllers: [BroadcastsController],
  providers: [BroadcastsRepository, CreateBroadcastUseCase, ListBroadcastsUseCase, GetBroadcastUseCase, AcknowledgeBroadcastUseCase, CancelBroadcastUseCase],
  exports: [AcknowledgeBroadcastUseCase],
})
export class BroadcastsModule {}
