import { Injectable } from '@nestjs/common';
import type { Prisma } from '@partnerflow/db';
import { DomainError, ErrorCode, maskPayoutMethodDetails } from '@partnerflow/domain';
import type { OperatorAction } from '../../programs/programs.repository';
import { PayoutMethodsRepository } from '../payout-methods.repository';
import type { PayoutMethodBody } from '../payout-methods.schemas';
import { payoutMethodView } from './get-payout-method.use-case';

/**
 * Sets where a partner is paid (an operator, or the partner through /v1/me with `actorType: 'partner'`). The
 * input is already validated and normalised (PayoutMethodBodyDto). Sending the same account again changes nothing;
 * a real change moves `changedAt`, which holds the partner's next payouts for a while (anti-takeover), and is
 * audited with masked before/after.
 */
@Injectable()
export class SetPayoutMethodUseCase {
  constructor(private readonly payoutMethods: PayoutMethodsRepository) {}

  async execute(partnerId: string, input: PayoutMethodBody, action: OperatorAction) {
    if (!(await this.payoutMethods.partnerExists(partnerId))) throw new DomainError(ErrorCode.NOT_FOUND, `partner ${partnerId} does not exist`);
    const { method, changed } = await this.payoutMethods.save(
      partnerId,
      { type: input.type, details: input.details as Prisma.InputJsonObject },
      action,
      (saved) => ({ type: saved.type, details: maskPayoutMethodDetails(saved.type, (saved.details ?? {}) as Record<string, unknown>) }),
    );
    return { ...payoutMethodView(method), changed };
  }
}
