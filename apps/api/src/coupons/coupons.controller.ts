import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { ALL_OPERATOR_ROLES, Roles } from '../common/auth/auth.decorators';
import { PaginationQueryDto, PartnerIdParamsDto } from '../partners/partners.schemas';
import { ActingOperator } from '../programs/operator.decorator';
import type { OperatorAction } from '../programs/programs.repository';
import { couponView } from './coupon.views';
import { CouponDto, CouponPageDto, CreateCouponDto } from './coupons.schemas';
import { CreateCouponUseCase } from './use-cases/create-coupon.use-case';
import { ListPartnerCouponsUseCase } from './use-cases/list-partner-coupons.use-case';

@ApiTags('tracking')
@ApiBearerAuth()
@Controller('v1/partners/:partnerId/coupons')
export class CouponsController {
  constructor(
    private readonly createCoupon: CreateCouponUseCase,
    private readonly listCoupons: ListPartnerCouponsUseCase,
  ) {}

  @Post()
  @Roles('manager')
  @HttpCode(201)
  @ZodResponse({ status: 201, type: CouponDto, description: 'coupon created' })
  async create(@Param() { partnerId }: PartnerIdParamsDto, @Body() body: CreateCouponDto, @ActingOperator() operator: OperatorAction) {
    return couponView(await this.createCoupon.execute(partnerId, body, operator));
  }

  @Get()
  @Roles(...ALL_OPERATOR_ROLES)
  @ZodResponse({ status: 200, type: CouponPageDto })
  list(@Param() { partnerId }: PartnerIdParamsDto, @Query() page: PaginationQueryDto) {
    return this.listCoupons.execute(partnerId, page);
  }
}
