import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, formatAmount, parseAmount, type ConversionReport } from '@partnerflow/domain';
import type { ReversibleOriginal } from './conversion-facts.sql';

export interface ConversionAmount {
  /** Minor units; negative for what a refund or chargeback takes back. */
  minor: bigint | null;
  currency: string | null;
}

const ruleViolation = (path: string, message: string) => new DomainError(ErrorCode.RULE_VIOLATION, message, [{ path, message }]);

/**
 * The exact amount a conversion records. A refund or chargeback takes back at most what is left
 * of its original (several partial refunds of one order are several events), in its currency;
 * without an amount it takes back all that is left.
 */
@Injectable()
export class ConversionAmounts {
  /** The schema has already checked the amount against the currency, so this cannot fail. */
  ofReport(report: ConversionReport): ConversionAmount {
    if (report.amount === undefined || !report.currency) return { minor: null, currency: report.currency ?? null };
    return { minor: parseAmount(report.amount, report.currency), currency: report.currency };
  }

  /** The original a refund or chargeback names (read with the batch's facts), or a 422. */
  originalOf(report: ConversionReport, original: ReversibleOriginal | null): ReversibleOriginal {
    if (!original) {
      throw ruleViolation('refersTo', `no conversion with externalId "${report.refersTo}" in this program for this ${report.type} to refer to`);
    }
    return original;
  }

  /** What a refund or chargeback takes back, given what earlier ones took (`original.reversedSoFar`). */
  reversal(original: ReversibleOriginal, report: ConversionReport): ConversionAmount {
    if (original.amountMinor === null || original.currency === null) {
      if (report.amount !== undefined) throw ruleViolation('amount', `the original ${original.type} ${original.externalId} has no amount to take back`);
      return { minor: null, currency: null };
    }
    const currency = original.currency;
    if (report.currency && report.currency !== currency) {
      throw ruleViolation('currency', `must be ${currency}, the currency of the original ${original.type}`);
    }
    const left = original.amountMinor + original.reversedSoFar;
    const requested = report.amount === undefined ? left : parseAmount(report.amount, currency);
    if (requested > left) {
      throw ruleViolation(
        'amount',
        `exceeds what is left of the original ${original.type}: ${formatAmount(left, currency)} ${currency} of ${formatAmount(original.amountMinor, currency)}`,
      );
    }
    if (requested === 0n) throw ruleViolation('amount', `nothing is left to take back from the original ${original.type}`);
    return { minor: -requested, currency };
  }
}
