import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { ALL_OPERATOR_ROLES, Roles } from '../common/auth/auth.decorators';
import { ActingOperator } from '../programs/operator.decorator';
import type { OperatorAction } from '../programs/programs.repository';
import { ProgramRefParamsDto } from '../programs/programs.schemas';
import { FxRatePageDto, FxRateQueryDto, PutFxRatesDto, PutFxRatesResultDto, UnpricedConversionPageDto, UnpricedQueryDto } from './fx-rates.schemas';
import { ListFxRatesUseCase } from './use-cases/list-fx-rates.use-case';
import { ListUnpricedConversionsUseCase } from './use-cases/list-unpriced-conversions.use-case';
import { PutFxRatesUseCase } from './use-cases/put-fx-rates.use-case';

/** The FX rate table commissions in other currencies are priced with (no live FX fetch). */
@ApiTags('commissions')
@ApiBearerAuth()
@Controller('v1')
export class FxRatesController {
  constructor(
    private readonly putRates: PutFxRatesUseCase,
    private readonly listRates: ListFxRatesUseCase,
    private readonly listUnpriced: ListUnpricedConversionsUseCase,
  ) {}

  @Put('programs/:programId/fx-rates')
  @Roles('finance')
  @ZodResponse({ status: 200, type: PutFxRatesResultDto, description: "rates stored (a repeat is a no-op); the conversions they now price are re-priced" })
  put(@Param() { programId }: ProgramRefParamsDto, @Body() body: PutFxRatesDto, @ActingOperator() operator: OperatorAction) {
    return this.putRates.execute(programId, body, operator);
  }

  @Get('programs/:programId/fx-rates')
  @Roles(...ALL_OPERATOR_ROLES)
  @ZodResponse({ status: 200, type: FxRatePageDto, description: "the program's rates and the global ones" })
  list(@Param() { programId }: ProgramRefParamsDto, @Query() query: FxRateQueryDto) {
    return this.listRates.execute(programId, query);
  }

  @Get('programs/:programId/fx-rates/unpriced')
  @Roles(...ALL_OPERATOR_ROLES)
  @ZodResponse({ status: 200, type: UnpricedConversionPageDto, description: 'conversions waiting for an FX rate, with why' })
  unpriced(@Param() { programId }: ProgramRefParamsDto, @Query() query: UnpricedQueryDto) {
    return this.listUnpriced.execute(programId, query);
  }

  @Put('fx-rates')
  @Roles('admin')
  @ZodResponse({ status: 200, type: PutFxRatesResultDto, description: 'global rates, for every program without its own' })
  putGlobal(@Body() body: PutFxRatesDto, @ActingOperator() operator: OperatorAction) {
    return this.putRates.execute(null, body, operator);
  }

  @Get('fx-rates')
  @Roles(...ALL_OPERATOR_ROLES)
  @ZodResponse({ status: 200, type: FxRatePageDto, description: 'the global rates' })
  listGlobal(@Query() query: FxRateQueryDto) {
    return this.listRates.execute(null, query);
  }
}
