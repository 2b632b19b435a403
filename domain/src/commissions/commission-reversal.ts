import { divideRoundHalfEven, minBigint } from './exact-arithmetic';
import { moneyText } from './commission-rates';
import type { CommissionLine } from './commission.types';

/**
 * A refund or chargeback takes back a commission in proportion to the part of the conversion it
 * takes back, at the rate actually applied: the original line's own amount and payout amount
 * (so its FX rate, tier, caps and rounding), never a recomputation under today's plan or rates.
 *
 * Rounding: the amount reversed so far is always round_half_even(line × refunded so far ÷
 * original), and each reversal is the difference from what earlier reversals took. So the
 * partial reversals of one line add up to that cumulative figure — never more than the line —
 * and the refund that completes the original amount reverses exactly what remains.
 */

export type ReversibleLine = Pick<
  CommissionLine,
  'conversionId' | 'partnerId' | 'ruleId' | 'kind' | 'amountMinor' | 'currency' | 'payoutAmountMinor' | 'payoutCurrency' | 'fxRate'
>;

export interface CommissionReversal {
  /** The line it reverses: (conversionId, partnerId, ruleId). */
  reverses: { conversionId: string; partnerId: string; ruleId: string };
  /** Negative (or 0n when nothing is left to reverse). */
  amountMinor: bigint;
  currency: string;
  payoutAmountMinor: bigint;
  payoutCurrency: string;
  steps: string[];
}

/**
 * The reversing entry for one refund of `refundAmountMinor` (sign ignored: refunds are stored
 * negative) of a conversion of `originalAmountMinor`, after `previouslyRefundedMinor` was
 * refunded already. Refunds beyond the original amount reverse nothing more. A conversion with
 * no amount (a signup) has nothing to pro-rate: any refund or chargeback reverses it all.
 */
export function reverseCommission(
  line: ReversibleLine,
  refundAmountMinor: bigint,
  originalAmountMinor: bigint,
  previouslyRefundedMinor = 0n,
): CommissionReversal {
  const original = originalAmountMinor < 0n ? -originalAmountMinor : originalAmountMinor;
  const refund = refundAmountMinor < 0n ? -refundAmountMinor : refundAmountMinor;
  const before = original === 0n ? 0n : minBigint(previouslyRefundedMinor < 0n ? -previouslyRefundedMinor : previouslyRefundedMinor, original);
  const after = original === 0n ? 0n : minBigint(before + refund, original);
  const reversedShare = (amount: bigint, refunded: bigint) =>
    original === 0n || refunded === original ? amount : divideRoundHalfEven(amount * refunded, original);

  const amountMinor = original === 0n ? -line.amountMinor : reversedShare(line.amountMinor, before) - reversedShare(line.amountMinor, after);
  const payoutAmountMinor =
    original === 0n ? -line.payoutAmountMinor : reversedShare(line.payoutAmountMinor, before) - reversedShare(line.payoutAmountMinor, after);

  const steps =
    original === 0n
      ? ['the conversion had no amount to pro-rate: the reversal takes back the whole commission']
      : [
          `refunded ${before} → ${after} of the conversion's ${original} minor units`,
          `reversed in total = round_half_even(line × ${after} / ${original}), less the ` +
            `round_half_even(line × ${before} / ${original}) reversed before`,
        ];
  steps.push(
    `reverses ${moneyText(-amountMinor, line.currency)}` +
      (line.currency === line.payoutCurrency ? '' : ` (${moneyText(-payoutAmountMinor, line.payoutCurrency)} at the original rate ${line.fxRate?.rate ?? ''})`),
  );
  return {
    reverses: { conversionId: line.conversionId, partnerId: line.partnerId, ruleId: line.ruleId },
    amountMinor,
    currency: line.currency,
    payoutAmountMinor,
    payoutCurrency: line.payoutCurrency,
    steps,
  };
}
