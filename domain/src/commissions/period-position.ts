import { moneyText } from './commission-rates';
import type { CommissionableEvent } from './commission-plan.schema';
import type { EvaluationContext } from './commission-evaluation';

/**
 * Where this conversion puts the partner in the plan period, for the rule's events: the total
 * before it and after it, by count (conversions) or by revenue (plan-currency minor units).
 */
export interface PeriodPosition {
  measure: 'count' | 'revenue';
  before: bigint;
  after: bigint;
  /** This conversion's contribution to the measure. */
  thisConversion: bigint;
  countBefore: number;
  revenueBefore: bigint;
  beforeText: string;
  steps: string[];
}

export function periodPosition(context: EvaluationContext, events: readonly CommissionableEvent[], measure: 'count' | 'revenue'): PeriodPosition {
  let countBefore = 0;
  let revenueBefore = 0n;
  for (const event of new Set(events)) {
    const totals = context.input.period.byType[event];
    countBefore += totals?.count ?? 0;
    revenueBefore += totals?.revenueMinor ?? 0n;
  }
  const eventsText = events.join('/');
  if (measure === 'count') {
    const before = BigInt(countBefore);
    return {
      measure,
      before,
      after: before + 1n,
      thisConversion: 1n,
      countBefore,
      revenueBefore,
      beforeText: String(countBefore),
      steps: [`this is ${eventsText} number ${countBefore + 1} of the period`],
    };
  }
  const revenue = context.revenueInPlanCurrency();
  const after = revenueBefore + revenue.minor;
  const currency = context.planCurrency;
  return {
    measure,
    before: revenueBefore,
    after,
    thisConversion: revenue.minor,
    countBefore,
    revenueBefore,
    beforeText: moneyText(revenueBefore, currency),
    steps: [
      ...(revenue.step ? [revenue.step] : []),
      `${eventsText} revenue of the period: ${moneyText(revenueBefore, currency)} before, ${moneyText(after, currency)} with this conversion`,
    ],
  };
}
