import { Module } from '@nestjs/common';
import { CommissionsModule } from '../commissions/commissions.module';
import { CreativesModule } from '../creatives/creatives.module';
import { PayoutMethodsModule } from '../payout-methods/payout-methods.module';
import { PayoutsModule } from '../payouts/payouts.module';
import { StatementsModule } from '../payouts/statements/statements.module';
import { TaxModule } from '../tax/tax.module';
import { TrackingModule } from '../tracking/tracking.module';
import { MeCreativesController } from './me-creatives.controller';
import { MeLinksController } from './me-links.controller';
import { MeMoneyController } from './me-money.controller';
import { MePayoutsController } from './me-payouts.controller';
import { MeProfileController } from './me-profile.controller';
import { MeRepository } from './me.repository';
import { GetMyCommissionUseCase } from './use-cases/get-my-commission.use-case';
import { GetMyProfileUseCase } from './use-cases/get-my-profile.use-case';
import { GetMyStatsUseCase } from './use-cases/get-my-stats.use-case';
import { UpdateMyProfileUseCase } from './use-cases/update-my-profile.use-case';

/**
 * The partner's own world (/v1/me/…): every route is @PartnerSession() and takes the partner id
 * from the session, never from the request, so no route can name another partner.
 */
@Module({
  imports: [CommissionsModule, TrackingModule, PayoutsModule, StatementsModule, TaxModule, PayoutMethodsModule, CreativesModule],
  controllers: [MeProfileController, MeLinksController, MeMoneyController, MePayoutsController, MeCreativesController],
  providers: [MeRepository, GetMyProfileUseCase, UpdateMyProfileUseCase, GetMyStatsUseCase, GetMyCommissionUseCase],
})
export class MeModule {}
