import { Injectable } from '@nestjs/common';
import { resumePartnerUpdate, type ResumeRequest } from '@partnerflow/domain';
import type { AuthenticatedOperator } from '../../common/auth/api-key.guard';
import { LifecycleUpdatesGateway } from '../lifecycle-updates.gateway';
import { PartnersRepository } from '../partners.repository';
import { GetPartnerUseCase } from './get-partner.use-case';
import type { TransitionOutcome } from './pause-partner.use-case';

const DEFAULT_REASON = 'resumed by an operator';

/** An operator ends a pause: the partner returns to the stage it was paused from, and the drip goes on. */
@Injectable()
export class ResumePartnerUseCase {
  constructor(
    private readonly getPartner: GetPartnerUseCase,
    private readonly partners: PartnersRepository,
    private readonly lifecycle: LifecycleUpdatesGateway,
  ) {}

  async execute(partnerId: string, request: ResumeRequest, operator: AuthenticatedOperator): Promise<TransitionOutcome> {
    const partner = await this.getPartner.execute(partnerId);
    const reason = request.reason ?? DEFAULT_REASON;
    const transition = await this.lifecycle.send(partner, resumePartnerUpdate, { reason, operatorId: operator.keyId, requestId: operator.requestId });
    return { transition, partner: (await this.partners.findById(partnerId)) ?? partner };
  }
}
