import { Injectable } from '@nestjs/common';
import type { PayoutMethod } from '@partnerflow/db';
import { DomainError, ErrorCode, maskPayoutMethodDetails } from '@partnerflow/domain';
import { PayoutMethodsRepository } from '../payout-methods.repository';

/** The partner's payout method as anyone but the bank may see it: masked (for operators and, via /v1/me, the partner). */
@Injectable()
export class GetPayoutMethodUseCase {
  constructor(private readonly payoutMethods: PayoutMethodsRepository) {}

  async execute(partnerId: string) {
    if (!(await this.payoutMethods.partnerExists(partnerId))) throw new DomainError(ErrorCode.NOT_FOUND, `partner ${partnerId} does not exist`);
    const method = await this.payoutMethods.findMethod(partnerId);
    if (!method) throw new DomainError(ErrorCode.NOT_FOUND, `partner ${partnerId} has no payout method yet`);
    return payoutMethodView(method);
  }
}

export function payoutMethodView(method: PayoutMethod) {
  return {
    partnerId: method.partnerId,
    type: method.type,
    details: maskPayoutMethodDetails(method.type, (method.details ?? {}) as Record<string, unknown>),
    changedAt: method.changedAt.toISOString(),
    createdAt: method.createdAt.toISOString(),
  };
}
