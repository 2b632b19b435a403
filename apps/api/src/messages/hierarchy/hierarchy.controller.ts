import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { ALL_OPERATOR_ROLES, Roles } from '../../common/auth/auth.decorators';
import { PartnerIdParamsDto } from '../../partners/partners.schemas';
import { ActingOperator } from '../../programs/operator.decorator';
import type { OperatorAction } from '../../programs/programs.repository';
import { IdempotencyKey } from '../../common/idempotency-key';
import { DownlineQueryDto, FanOutDto, HierarchyDto, HierarchyParamsDto, SetParentDto, SubtreeMessageDto } from '../messages.schemas';
import { GetHierarchyUseCase } from './use-cases/get-hierarchy.use-case';
import { SendSubtreeMessageUseCase } from './use-cases/send-subtree-message.use-case';
import { SetPartnerParentUseCase } from './use-cases/set-partner-parent.use-case';

@ApiTags('hierarchy')
@ApiBearerAuth()
@Controller('v1')
export class HierarchyController {
  constructor(
    private readonly setParent: SetPartnerParentUseCase,
    private readonly getHierarchy: GetHierarchyUseCase,
    private readonly sendToSubtree: SendSubtreeMessageUseCase,
  ) {}

  @Put('partners/:partnerId/parent')
  @Roles('manager')
  @ApiOperation({ summary: 'Place the partner under a master IB (null: detach); 409 when it would make a cycle' })
  @ZodResponse({ status: 200, type: HierarchyDto, description: 'the partner\'s place in the hierarchy after the change' })
  parent(@Param() { partnerId }: PartnerIdParamsDto, @Body() body: SetParentDto, @ActingOperator() operator: OperatorAction) {
    return this.setParent.execute(partnerId, body.parentPartnerId, operator);
  }

  @Get('partners/:partnerId/hierarchy')
  @Roles(...ALL_OPERATOR_ROLES)
  @ZodResponse({ status: 200, type: HierarchyDto, description: 'upline (nearest first) and downline (level by level)' })
  hierarchy(@Param() { partnerId }: PartnerIdParamsDto, @Query() { depth }: DownlineQueryDto) {
    return this.getHierarchy.execute(partnerId, depth);
  }

  @Post('programs/:programId/hierarchy/:partnerId/messages')
  @HttpCode(201)
  @Roles('manager', 'compliance')
  @ApiOperation({ summary: 'Message a subtree of the IB hierarchy (depth), or one tier of it; each partner in a thread of their own' })
  @ZodResponse({ status: 201, type: FanOutDto })
  subtree(@Param() { programId, partnerId }: HierarchyParamsDto, @Body() body: SubtreeMessageDto, @ActingOperator() operator: OperatorAction, @IdempotencyKey() key?: string) {
    return this.sendToSubtree.execute(programId, partnerId, body, operator, key);
  }
}
