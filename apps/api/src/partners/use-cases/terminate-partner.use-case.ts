import { Injectable } from '@nestjs/common';
import type { Partner } from '@partnerflow/db';
import {
  DomainError,
  ErrorCode,
  MAX_TERMINATION_NOTICE_DAYS,
  terminatePartnerUpdate,
  type TerminationRequest,
  type TerminationScheduled,
} from '@partnerflow/domain';
import type { AuthenticatedOperator } from '../../common/auth/api-key.guard';
import { LifecycleUpdatesGateway } from '../lifecycle-updates.gateway';
import { PartnersRepository } from '../partners.repository';
import { GetPartnerUseCase } from './get-partner.use-case';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface TerminationOutcome {
  termination: TerminationScheduled;
  /** The partner is TERMINATED already (the termination took effect now). */
  settled: boolean;
  partner: Partner;
}

/**
 * An operator terminates a partner, now or at `effectiveAt`. The lifecycle workflow records the
 * request and, at the effective time, moves the partner to TERMINATED and starts the wind-down
 * (`partner-<id>-termination`): drips stop, commissions are kept or (fraud) forfeited, a final
 * statement is emailed, and the personal data is anonymised after the retention period.
 */
@Injectable()
export class TerminatePartnerUseCase {
  constructor(
    private readonly getPartner: GetPartnerUseCase,
    private readonly partners: PartnersRepository,
    private readonly lifecycle: LifecycleUpdatesGateway,
  ) {}

  async execute(partnerId: string, request: TerminationRequest, operator: AuthenticatedOperator): Promise<TerminationOutcome> {
    if (request.effectiveAt && Date.parse(request.effectiveAt) > Date.now() + MAX_TERMINATION_NOTICE_DAYS * DAY_MS) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'the request is invalid', [
        { path: 'effectiveAt', message: `may be at most ${MAX_TERMINATION_NOTICE_DAYS} days ahead` },
      ]);
    }
    const partner = await this.getPartner.execute(partnerId);
    const termination = await this.lifecycle.send(partner, terminatePartnerUpdate, { ...request, operatorId: operator.keyId, requestId: operator.requestId });
    const current = (await this.partners.findById(partnerId)) ?? partner;
    return { termination, settled: current.stage === 'TERMINATED', partner: current };
  }
}
