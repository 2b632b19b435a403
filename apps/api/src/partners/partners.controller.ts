import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { ALL_OPERATOR_ROLES, Public, Roles } from '../common/auth/auth.decorators';
import type { AuthenticatedRequest } from '../common/auth/api-key.guard';
import { partnerView } from './partner.views';
import {
  ApplicationCreatedDto,
  MessagePageDto,
  PaginationQueryDto,
  PartnerApplicationDto,
  PartnerDto,
  PartnerIdParamsDto,
  PartnerWorkflowListDto,
  ProgramIdParamsDto,
} from './partners.schemas';
import { ApplyToProgramUseCase } from './use-cases/apply-to-program.use-case';
import { GetPartnerUseCase } from './use-cases/get-partner.use-case';
import { ListPartnerMessagesUseCase } from './use-cases/list-partner-messages.use-case';
import { ListPartnerWorkflowsUseCase } from './use-cases/list-partner-workflows.use-case';

@ApiTags('partners')
@Controller('v1')
export class PartnersController {
  constructor(
    private readonly applyToProgram: ApplyToProgramUseCase,
    private readonly getPartner: GetPartnerUseCase,
    private readonly listMessages: ListPartnerMessagesUseCase,
    private readonly listWorkflows: ListPartnerWorkflowsUseCase,
  ) {}

  @Post('programs/:programId/applications')
  @Public()
  @HttpCode(201)
  @ZodResponse({ status: 201, type: ApplicationCreatedDto, description: 'application stored, screening started' })
  apply(@Param() { programId }: ProgramIdParamsDto, @Body() body: PartnerApplicationDto, @Req() request: AuthenticatedRequest) {
    return this.applyToProgram.execute(programId, body, request.header('x-request-id'));
  }

  @Get('partners/:partnerId')
  @ApiBearerAuth()
  @Roles(...ALL_OPERATOR_ROLES)
  @ZodResponse({ status: 200, type: PartnerDto })
  async partner(@Param() { partnerId }: PartnerIdParamsDto) {
    return partnerView(await this.getPartner.execute(partnerId));
  }

  @Get('partners/:partnerId/messages')
  @ApiBearerAuth()
  @Roles(...ALL_OPERATOR_ROLES)
  @ZodResponse({ status: 200, type: MessagePageDto })
  messages(@Param() { partnerId }: PartnerIdParamsDto, @Query() page: PaginationQueryDto) {
    return this.listMessages.execute(partnerId, page);
  }

  @Get('partners/:partnerId/workflows')
  @ApiBearerAuth()
  @Roles(...ALL_OPERATOR_ROLES)
  @ZodResponse({ status: 200, type: PartnerWorkflowListDto })
  workflows(@Param() { partnerId }: PartnerIdParamsDto) {
    return this.listWorkflows.execute(partnerId);
  }
}
