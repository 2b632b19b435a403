import { parseAmount } from '../money/money';
import { divideRoundHalfEven, maxBigint, minBigint } from './exact-arithmetic';
import { moneyText } from './commission-rates';
import type { CommissionPlan } from './commission-plan.schema';
import type { DraftLine } from './commission-evaluation';
import { skippedLine } from './commission-evaluation';
import type { FxRateUsed } from './fx-conversion';
import type { SkippedCommission } from './commission.types';

/**
 * Caps limit what the converting partner earns, in the plan currency, after conversion: per
 * conversion, and per period (what the partner already earned in the period counts against it).
 * Lines are served in plan order, so a cap cuts the later rules first. A cut line keeps its
 * exact payout (the ledger books that) and scales its source-currency amount in proportion,
 * rounded half-even; a line cut to nothing is listed as skipped. IB masters' lines are not capped:
 * the caps are the converting partner's, and a master's period totals are not inputs here.
 */

export interface PricedLine extends DraftLine {
  payoutAmountMinor: bigint;
  payoutCurrency: string;
  fxRate?: FxRateUsed;
}

interface Room {
  label: string;
  left: bigint;
}

export function applyCaps(
  lines: readonly PricedLine[],
  caps: CommissionPlan['caps'],
  periodCommissionMinor: bigint,
  planCurrency: string,
): { lines: PricedLine[]; skipped: SkippedCommission[] } {
  const rooms: Room[] = [];
  if (caps.perConversion !== undefined) {
    const cap = parseAmount(caps.perConversion, planCurrency);
    rooms.push({ label: `per-conversion cap ${moneyText(cap, planCurrency)}`, left: cap });
  }
  if (caps.perPartnerPerPeriod !== undefined) {
    const cap = parseAmount(caps.perPartnerPerPeriod, planCurrency);
    const label = `per-period cap ${moneyText(cap, planCurrency)} (${moneyText(periodCommissionMinor, planCurrency)} earned before)`;
    rooms.push({ label, left: maxBigint(0n, cap - periodCommissionMinor) });
  }
  if (rooms.length === 0) return { lines: [...lines], skipped: [] };

  const kept: PricedLine[] = [];
  const skipped: SkippedCommission[] = [];
  for (const line of lines) {
    const tightest = rooms.reduce((smallest, room) => (room.left < smallest.left ? room : smallest));
    const allowed = minBigint(line.payoutAmountMinor, tightest.left);
    for (const room of rooms) room.left -= allowed;
    if (allowed === line.payoutAmountMinor) {
      kept.push(line);
    } else if (allowed === 0n) {
      skipped.push(skippedLine(line.partnerId, line.ruleId, 'cap_reached', `${tightest.label} reached: ${moneyText(line.payoutAmountMinor, planCurrency)} not paid`));
    } else {
      kept.push(cut(line, allowed, tightest.label));
    }
  }
  return { lines: kept, skipped };
}

function cut(line: PricedLine, allowed: bigint, capLabel: string): PricedLine {
  const amountMinor = line.currency === line.payoutCurrency ? allowed : divideRoundHalfEven(line.amountMinor * allowed, line.payoutAmountMinor);
  const step =
    `${capLabel} leaves ${moneyText(allowed, line.payoutCurrency)}: ${moneyText(line.payoutAmountMinor, line.payoutCurrency)} cut to ` +
    `${moneyText(allowed, line.payoutCurrency)}` +
    (line.currency === line.payoutCurrency ? '' : ` (${moneyText(amountMinor, line.currency)} in ${line.currency}, in proportion, half-even)`);
  return { ...line, amountMinor, payoutAmountMinor: allowed, steps: [...line.steps, step] };
}
