import { Injectable } from '@nestjs/common';
import type { Partner } from '@partnerflow/db';
import { pausePartnerUpdate, type PauseRequest, type StageTransitionAccepted } from '@partnerflow/domain';
import type { AuthenticatedOperator } from '../../common/auth/api-key.guard';
import { LifecycleUpdatesGateway } from '../lifecycle-updates.gateway';
import { PartnersRepository } from '../partners.repository';
import { GetPartnerUseCase } from './get-partner.use-case';

export interface TransitionOutcome {
  transition: StageTransitionAccepted;
  partner: Partner;
}

/**
 * An operator pauses a partner: the lifecycle workflow records PAUSED (row, audit entry with the
 * operator and reason, search attribute) before it answers. While paused, clicks still redirect
 * without credit and the onboarding drip sends nothing.
 */
@Injectable()
export class PausePartnerUseCase {
  constructor(
    private readonly getPartner: GetPartnerUseCase,
    private readonly partners: PartnersRepository,
    private readonly lifecycle: LifecycleUpdatesGateway,
  ) {}

  async execute(partnerId: string, request: PauseRequest, operator: AuthenticatedOperator): Promise<TransitionOutcome> {
    const partner = await this.getPartner.execute(partnerId);
    const transition = await this.lifecycle.send(partner, pausePartnerUpdate, { reason: request.reason, operatorId: operator.keyId, requestId: operator.requestId });
    return { transition, partner: (await this.partners.findById(partnerId)) ?? partner };
  }
}
