import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ZodResponse } from 'nestjs-zod';
import type { AuthenticatedRequest } from '../common/auth/api-key.guard';
import { Roles } from '../common/auth/auth.decorators';
import { partnerView } from '../partners/partner.views';
import { PartnerIdParamsDto } from '../partners/partners.schemas';
import { ReviewDecisionRequestDto, ReviewOutcomeDto } from './reviews.schemas';
import { DecideReviewUseCase } from './use-cases/decide-review.use-case';

@ApiTags('reviews')
@ApiBearerAuth()
@Controller('v1/partners')
export class ReviewsController {
  constructor(private readonly decideReview: DecideReviewUseCase) {}

  @Post(':partnerId/review')
  @Roles('manager')
  @ZodResponse({ status: 200, type: ReviewOutcomeDto, description: 'decided; the partner is ACTIVE or REJECTED' })
  @ApiResponse({ status: 202, description: 'the same body with settled: false — the decision is accepted, the new stage not recorded yet (see Location)' })
  @ApiResponse({ status: 409, description: 'the partner is not awaiting a review decision (not in review, or already decided)' })
  async decide(
    @Param() { partnerId }: PartnerIdParamsDto,
    @Body() body: ReviewDecisionRequestDto,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) response: Response,
  ) {
    // (the guard has authenticated the operator before any handler runs)
    const outcome = await this.decideReview.execute(partnerId, body, request.operator!);
    if (!outcome.settled) response.status(202).location(`/v1/partners/${partnerId}`);
    return { ...outcome, partner: partnerView(outcome.partner) };
  }
}
