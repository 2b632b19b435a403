import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { ALL_OPERATOR_ROLES, Roles } from '../common/auth/auth.decorators';
import { ActingOperator } from '../programs/operator.decorator';
import type { OperatorAction } from '../programs/programs.repository';
import { configVersionView } from './config.views';
import {
  ConfigParamsDto,
  ConfigVersionDto,
  ConfigVersionPageDto,
  ConfigVersionsQueryDto,
  DryRunRequestDto,
  DryRunResultDto,
  OnboardingConfigDto,
  ReengagementConfigDto,
  SaveConfigDto,
  ScreeningConfigDto,
  TerminationConfigDto,
  AttributionConfigDto,
  HoldConfigDto,
  CommissionPlanDto,
  PayoutPolicyDto,
} from './configs.schemas';
import { DryRunConfigUseCase } from './use-cases/dry-run-config.use-case';
import { GetCurrentConfigUseCase } from './use-cases/get-current-config.use-case';
import { ListConfigVersionsUseCase } from './use-cases/list-config-versions.use-case';
import { SaveConfigVersionUseCase } from './use-cases/save-config-version.use-case';

@ApiTags('configs')
@ApiBearerAuth()
@ApiExtraModels(
  ScreeningConfigDto,
  OnboardingConfigDto,
  ReengagementConfigDto,
  TerminationConfigDto,
  AttributionConfigDto,
  HoldConfigDto,
  CommissionPlanDto,
  PayoutPolicyDto,
)
@Controller('v1/programs/:programId/configs/:kind')
export class ConfigsController {
  constructor(
    private readonly getCurrent: GetCurrentConfigUseCase,
    private readonly saveVersion: SaveConfigVersionUseCase,
    private readonly listVersions: ListConfigVersionsUseCase,
    private readonly dryRunConfig: DryRunConfigUseCase,
  ) {}

  @Get()
  @Roles(...ALL_OPERATOR_ROLES)
  @ApiOperation({ summary: 'The current version: what newly started workflows use (404 while there is none)' })
  @ZodResponse({ status: 200, type: ConfigVersionDto })
  async current(@Param() { programId, kind }: ConfigParamsDto) {
    return configVersionView(await this.getCurrent.execute(programId, kind));
  }

  @Put()
  @Roles('manager')
  @ApiOperation({
    summary: 'Save a new version',
    description:
      'Validates `document` against the schema of `:kind` (400 with the path of each problem, nothing stored) and ' +
      'stores it as the next immutable version. Workflows already running keep the version they started with; ' +
      '`applyTo: "running"` is recorded on the version for the drip and re-engagement workflows, which will adopt ' +
      'it at their next step boundary. payout is not configurable yet (400).',
  })
  @ZodResponse({ status: 201, type: ConfigVersionDto, description: 'the new version' })
  async save(@Param() { programId, kind }: ConfigParamsDto, @Body() body: SaveConfigDto, @ActingOperator() operator: OperatorAction) {
    return configVersionView(await this.saveVersion.execute(programId, kind, body, operator));
  }

  @Get('versions')
  @Roles(...ALL_OPERATOR_ROLES)
  @ApiOperation({ summary: 'Every version, newest first' })
  @ZodResponse({ status: 200, type: ConfigVersionPageDto })
  versions(@Param() { programId, kind }: ConfigParamsDto, @Query() page: ConfigVersionsQueryDto) {
    return this.listVersions.execute(programId, kind, page);
  }

  @Post('dry-run')
  @HttpCode(200)
  @Roles(...ALL_OPERATOR_ROLES)
  @ApiOperation({
    summary: 'What the config would do for one partner; changes nothing',
    description:
      'Runs the current version, or the draft given as `document`, for `partnerId` or a synthetic `partner`. ' +
      'screening: the decision with each rule\'s reason. onboarding: the dated timeline from the approval ' +
      "(the partner's move to ACTIVE, else now), both outcomes of each wait_for shown. reengagement: when a cycle would start " +
      "if the partner stays quiet, each step's date and when the outcome applies. payout: the next scheduled run with today's " +
      'approved balances, per partner the amount, gates and approvals. attribution and commission-plan: recent ' +
      'conversions replayed. Other kinds: 400, not supported yet.',
  })
  @ZodResponse({ status: 200, type: DryRunResultDto })
  dryRun(@Param() { programId, kind }: ConfigParamsDto, @Body() body: DryRunRequestDto) {
    return this.dryRunConfig.execute(programId, kind, body);
  }
}
