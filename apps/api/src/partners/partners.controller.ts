import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ZodResponse } from 'nestjs-zod';
import { ALL_OPERATOR_ROLES, Public, Roles } from '../common/auth/auth.decorators';
import type { AuthenticatedRequest } from '../common/auth/api-key.guard';
import { partnerView } from './partner.views';
import {
  ApplicationCreatedDto,
  PaginationQueryDto,
  PartnerApplicationDto,
  PartnerDto,
  PartnerIdParamsDto,
  PartnerWorkflowListDto,
  PauseRequestDto,
  ProgramIdParamsDto,
  ResumeRequestDto,
  TerminateRequestDto,
  TerminationOutcomeDto,
  TimelinePageDto,
  TransitionOutcomeDto,
} from './partners.schemas';
import { ApplyToProgramUseCase } from './use-cases/apply-to-program.use-case';
import { GetPartnerTimelineUseCase } from './use-cases/get-partner-timeline.use-case';
import { GetPartnerUseCase } from './use-cases/get-partner.use-case';
import { ListPartnerWorkflowsUseCase } from './use-cases/list-partner-workflows.use-case';
import { PausePartnerUseCase } from './use-cases/pause-partner.use-case';
import { ResumePartnerUseCase } from './use-cases/resume-partner.use-case';
import { TerminatePartnerUseCase } from './use-cases/terminate-partner.use-case';

@ApiTags('partners')
@Controller('v1')
export class PartnersController {
  constructor(
    private readonly applyToProgram: ApplyToProgramUseCase,
    private readonly getPartner: GetPartnerUseCase,
    private readonly listWorkflows: ListPartnerWorkflowsUseCase,
    private readonly pausePartner: PausePartnerUseCase,
    private readonly resumePartner: ResumePartnerUseCase,
    private readonly terminatePartner: TerminatePartnerUseCase,
    private readonly getTimeline: GetPartnerTimelineUseCase,
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

  @Get('partners/:partnerId/workflows')
  @ApiBearerAuth()
  @Roles(...ALL_OPERATOR_ROLES)
  @ZodResponse({ status: 200, type: PartnerWorkflowListDto })
  workflows(@Param() { partnerId }: PartnerIdParamsDto) {
    return this.listWorkflows.execute(partnerId);
  }

  @Get('partners/:partnerId/timeline')
  @ApiBearerAuth()
  @Roles(...ALL_OPERATOR_ROLES)
  @ZodResponse({ status: 200, type: TimelinePageDto, description: 'oldest first: stage changes, reviews, links, coupons, drip steps, termination, messages' })
  timeline(@Param() { partnerId }: PartnerIdParamsDto, @Query() page: PaginationQueryDto) {
    return this.getTimeline.execute(partnerId, page);
  }

  // (the guard has authenticated the operator before any handler below runs)

  @Post('partners/:partnerId/pause')
  @ApiBearerAuth()
  @Roles('manager')
  @HttpCode(200)
  @ZodResponse({ status: 200, type: TransitionOutcomeDto, description: 'PAUSED: clicks redirect without credit, the drip waits' })
  @ApiResponse({ status: 409, description: 'the partner cannot be paused now (not in a credit-earning stage, already paused, or being terminated)' })
  async pause(@Param() { partnerId }: PartnerIdParamsDto, @Body() body: PauseRequestDto, @Req() request: AuthenticatedRequest) {
    const outcome = await this.pausePartner.execute(partnerId, body, request.operator!);
    return { ...outcome, partner: partnerView(outcome.partner) };
  }

  @Post('partners/:partnerId/resume')
  @ApiBearerAuth()
  @Roles('manager')
  @HttpCode(200)
  @ZodResponse({ status: 200, type: TransitionOutcomeDto, description: 'back in the stage it was paused from' })
  @ApiResponse({ status: 409, description: 'the partner is not paused, or is being terminated' })
  async resume(@Param() { partnerId }: PartnerIdParamsDto, @Body() body: ResumeRequestDto, @Req() request: AuthenticatedRequest) {
    const outcome = await this.resumePartner.execute(partnerId, body, request.operator!);
    return { ...outcome, partner: partnerView(outcome.partner) };
  }

  @Post('partners/:partnerId/terminate')
  @ApiBearerAuth()
  @Roles('manager')
  @HttpCode(200)
  @ZodResponse({ status: 200, type: TerminationOutcomeDto, description: 'TERMINATED now; the wind-down has started' })
  @ApiResponse({ status: 202, description: 'the same body with settled: false — scheduled for effectiveAt' })
  @ApiResponse({ status: 409, description: 'the partner cannot be terminated (in screening, rejected, terminated, or a termination is scheduled)' })
  async terminate(
    @Param() { partnerId }: PartnerIdParamsDto,
    @Body() body: TerminateRequestDto,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) response: Response,
  ) {
    const outcome = await this.terminatePartner.execute(partnerId, body, request.operator!);
    if (!outcome.settled) response.status(202).location(`/v1/partners/${partnerId}`);
    return { ...outcome, partner: partnerView(outcome.partner) };
  }
}
