import { Injectable } from '@nestjs/common';
import { moneyView, simulatePlan, type CommissionPlan } from '@partnerflow/domain';
import { FxRatesRepository } from '../../fx-rates/fx-rates.repository';
import { CommissionsRepository } from '../commissions.repository';

const DAY_MS = 86_400_000;

export interface PlanSimulationQuestion {
  programId: string;
  plan: CommissionPlan;
  /** The stored version tried, or null for a draft. */
  planVersion: number | null;
  sinceDays: number;
  limit: number;
}

/**
 * What a commission plan would have paid for the program's recent conversions, next to what was
 * actually earned, per partner and in total. Reads only: a candidate plan can be tried safely.
 */
@Injectable()
export class SimulatePlanUseCase {
  constructor(
    private readonly commissions: CommissionsRepository,
    private readonly fxRates: FxRatesRepository,
  ) {}

  async execute(question: PlanSimulationQuestion) {
    const since = new Date(Date.now() - question.sinceDays * DAY_MS);
    const conversions = await this.commissions.conversionsForSimulation(question.programId, since, question.limit);
    // Other currencies are priced at the stored rate effective at each conversion, each partner at
    // its tier and with its IB masters as they are now: as recording would price them today.
    const partnerIds = [...new Set(conversions.flatMap((conversion) => conversion.shares.map((share) => share.partnerId)))];
    const [rates, partners] = await Promise.all([
      this.fxRates.ratesInto(question.programId, question.plan.currency),
      this.commissions.simulatedPartners(question.programId, partnerIds, question.plan),
    ]);
    const simulated = simulatePlan(question.plan, question.planVersion ?? 0, conversions, rates, partners);
    const current = await this.commissions.commissionTotals(conversions.map((conversion) => conversion.id));
    const currency = question.plan.currency;
    const reported = [...new Set([...simulated.byPartner.keys(), ...current.map((row) => row.partnerId)])].sort();
    const currentOf = (partnerId: string) =>
      current.filter((row) => row.partnerId === partnerId && row.currency === currency).reduce((sum, row) => sum + row.amountMinor, 0n);
    const rows = reported.map((partnerId) => {
      const before = currentOf(partnerId);
      const after = simulated.byPartner.get(partnerId) ?? 0n;
      return { partnerId, current: moneyView(before, currency), proposed: moneyView(after, currency), difference: moneyView(after - before, currency) };
    });
    const sum = (pick: (p: { before: bigint; after: bigint }) => bigint) =>
      reported.reduce((total, id) => total + pick({ before: currentOf(id), after: simulated.byPartner.get(id) ?? 0n }), 0n);
    return {
      since: since.toISOString(),
      conversions: conversions.length,
      partners: rows,
      total: {
        current: moneyView(sum((p) => p.before), currency),
        proposed: moneyView(sum((p) => p.after), currency),
        difference: moneyView(sum((p) => p.after - p.before), currency),
      },
      otherCurrencies: current.filter((row) => row.currency !== currency).map((row) => ({ partnerId: row.partnerId, current: moneyView(row.amountMinor, row.currency) })),
      unpriced: simulated.unpriced,
    };
  }
}
