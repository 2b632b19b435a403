import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, moneyView } from '@partnerflow/domain';
import { CommissionsRepository } from '../commissions.repository';

/** A partner's money per currency: sums of ledger entries by account, nothing cached or derived elsewhere. */
@Injectable()
export class GetPartnerBalanceUseCase {
  constructor(private readonly commissions: CommissionsRepository) {}

  async execute(partnerId: string) {
    if (!(await this.commissions.partnerExists(partnerId))) throw new DomainError(ErrorCode.NOT_FOUND, `partner ${partnerId} does not exist`);
    const sums = await this.commissions.balance(partnerId);
    const currencies = [...new Set(sums.map((sum) => sum.currency))].sort();
    return {
      partnerId,
      currencies: currencies.map((currency) => {
        const of = (account: string) => sums.find((sum) => sum.currency === currency && sum.account === account)?.amountMinor ?? 0n;
        const approved = of('approved');
        return {
          currency,
          pending: moneyView(of('pending'), currency),
          approved: moneyView(approved, currency),
          paid: moneyView(of('paid'), currency),
          negativeCarryOver: moneyView(approved < 0n ? approved : 0n, currency),
        };
      }),
    };
  }
}
