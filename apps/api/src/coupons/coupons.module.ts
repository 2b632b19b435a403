import { Module } from '@nestjs/common';
import { CouponsController } from './coupons.controller';
import { CouponsRepository } from './coupons.repository';
import { CreateCouponUseCase } from './use-cases/create-coupon.use-case';
import { ListPartnerCouponsUseCase } from './use-cases/list-partner-coupons.use-case';

@Module({
  controllers: [CouponsController],
  providers: [CouponsRepository, CreateCouponUseCase, ListPartnerCouponsUseCase],
})
export class CouponsModule {}
