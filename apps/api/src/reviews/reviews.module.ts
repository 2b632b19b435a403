import { Module } from '@nestjs/common';
import { PartnersModule } from '../partners/partners.module';
import { ReviewsController } from './reviews.controller';
import { DecideReviewUseCase } from './use-cases/decide-review.use-case';

@Module({ imports: [PartnersModule], controllers: [ReviewsController], providers: [DecideReviewUseCase] })
export class ReviewsModule {}
