import type { CommissionPeriod, CommissionRule } from './commission-plan.schema';
import type { CommissionInput } from './commission.types';

/**
 * Calendar arithmetic for plans, in UTC so a period is the same everywhere: the plan period the
 * api sums stats over, and the end of a recurring commission's months.
 */

const MONTHS_PER_PERIOD: Record<CommissionPeriod, number> = { month: 1, quarter: 3, year: 12 };

/** The plan period containing `at`: [start, end), in UTC. The api sums `period` stats over it. */
export function commissionPeriodOf(at: Date, period: CommissionPeriod): { start: Date; end: Date } {
  const length = MONTHS_PER_PERIOD[period];
  const startMonth = Math.floor(at.getUTCMonth() / length) * length;
  const start = new Date(Date.UTC(at.getUTCFullYear(), startMonth, 1));
  return { start, end: new Date(Date.UTC(at.getUTCFullYear(), startMonth + length, 1)) };
}

/** `months` calendar months after `from`, same time of day; the 31st lands on a shorter month's last day. */
export function addCalendarMonths(from: Date, months: number): Date {
  const year = from.getUTCFullYear();
  const month = from.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const result = new Date(from.getTime());
  result.setUTCFullYear(year, month, Math.min(from.getUTCDate(), lastDay));
  return result;
}

export type RecurringCheck = { eligible: true; note: string } | { eligible: false; message: string };

/**
 * Whether a recurring limit still lets this conversion earn. Counted from the customer's first
 * commission with this partner; a conversion without customer facts counts as the first.
 */
export function checkRecurring(duration: CommissionRule['recurring'], conversion: CommissionInput['conversion']): RecurringCheck {
  const customer = conversion.customer;
  const first = customer?.firstCommissionAt ?? null;
  const count = customer?.commissionCount ?? 0;
  switch (duration.type) {
    case 'lifetime':
      return { eligible: true, note: 'no recurring limit' };
    case 'count':
      return count < duration.count
        ? { eligible: true, note: `customer commission ${count + 1} of ${duration.count}` }
        : { eligible: false, message: `recurring limit reached: the customer already earned ${count} commissions (limit ${duration.count})` };
    case 'months': {
      if (!first) return { eligible: true, note: `first commission of the customer starts the ${duration.months}-month recurring period` };
      const end = addCalendarMonths(first, duration.months);
      return conversion.occurredAt < end
        ? { eligible: true, note: `within ${duration.months} months of the customer's first commission (until ${end.toISOString()})` }
        : {
            eligible: false,
            message: `recurring period over: ${duration.months} months from the customer's first commission (${first.toISOString()}) ended ${end.toISOString()}`,
          };
    }
  }
}
