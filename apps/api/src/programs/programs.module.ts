import { Module } from '@nestjs/common';
import { ProgramsController } from './programs.controller';
import { PostbackSecretRotations } from './postback-secret-rotations';
import { ProgramsRepository } from './programs.repository';
import { CreateProgramUseCase } from './use-cases/create-program.use-case';
import { GetProgramUseCase } from './use-cases/get-program.use-case';
import { ListProgramsUseCase } from './use-cases/list-programs.use-case';
import { RotatePostbackSecretUseCase } from './use-cases/rotate-postback-secret.use-case';

@Module({
  controllers: [ProgramsController],
  providers: [PostbackSecretRotations, ProgramsRepository, CreateProgramUseCase, GetProgramUseCase, ListProgramsUseCase, RotatePostbackSecretUseCase],
  exports: [PostbackSecretRotations, ProgramsRepository, GetProgramUseCase],
})
export class ProgramsModule {}
