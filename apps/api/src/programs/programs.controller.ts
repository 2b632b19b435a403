import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { ALL_OPERATOR_ROLES, Roles } from '../common/auth/auth.decorators';
import { ActingOperator } from './operator.decorator';
import { programView } from './program.views';
import type { OperatorAction } from './programs.repository';
import { CreateProgramDto, PostbackSecretDto, ProgramDto, ProgramListQueryDto, ProgramPageDto, ProgramRefParamsDto } from './programs.schemas';
import { CreateProgramUseCase } from './use-cases/create-program.use-case';
import { GetProgramUseCase } from './use-cases/get-program.use-case';
import { ListProgramsUseCase } from './use-cases/list-programs.use-case';
import { RotatePostbackSecretUseCase } from './use-cases/rotate-postback-secret.use-case';

@ApiTags('programs')
@ApiBearerAuth()
@Controller('v1/programs')
export class ProgramsController {
  constructor(
    private readonly createProgram: CreateProgramUseCase,
    private readonly getProgram: GetProgramUseCase,
    private readonly listPrograms: ListProgramsUseCase,
    private readonly rotatePostbackSecret: RotatePostbackSecretUseCase,
  ) {}

  @Post()
  @Roles('manager')
  @ZodResponse({ status: 201, type: ProgramDto, description: 'program created (409 when the slug is taken)' })
  async create(@Body() body: CreateProgramDto, @ActingOperator() operator: OperatorAction) {
    return programView(await this.createProgram.execute(body, operator));
  }

  @Get()
  @Roles(...ALL_OPERATOR_ROLES)
  @ZodResponse({ status: 200, type: ProgramPageDto })
  list(@Query() page: ProgramListQueryDto) {
    return this.listPrograms.execute(page);
  }

  @Get(':programId')
  @Roles(...ALL_OPERATOR_ROLES)
  @ZodResponse({ status: 200, type: ProgramDto })
  async program(@Param() { programId }: ProgramRefParamsDto) {
    return programView(await this.getProgram.execute(programId));
  }

  // Admin only: whoever holds the secret can report conversions that cost money.
  @Post(':programId/postback-secret')
  @Roles('admin')
  @ZodResponse({ status: 201, type: PostbackSecretDto, description: 'the new secret, shown once; the previous one stops working' })
  rotateSecret(@Param() { programId }: ProgramRefParamsDto, @ActingOperator() operator: OperatorAction) {
    return this.rotatePostbackSecret.execute(programId, operator);
  }
}
