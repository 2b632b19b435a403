import { formatAmount } from '../money/money';
import type { PostalAddress } from './tax-form-parts.schema';
import { isCorporatePayee } from './w9-form.schema';

/**
 * The yearly 1099-NEC report of a program (pure): its US payees — partners with a W-9 — whose
 * paid payouts in the calendar year reach the year's threshold, with box 1 (nonemployee
 * compensation) exact to the cent. USD payouts count as paid; a payout in another currency counts
 * at its USD value when the program's FX table had a rate into USD on its payment date (`usd`,
 * the rate named in the report), and is otherwise listed for finance to convert and add by hand.
 */

/** A payout with status paid whose paidAt falls in the tax year (UTC); returned payouts are not here. */
export interface Form1099Payment {
  partnerId: string;
  payoutId: string;
  amountMinor: bigint;
  currency: string;
  paidAt: Date;
  /** A payout in another currency: its USD value at the FX rate in force when it was paid. */
  usd?: { amountMinor: bigint; rate: string; rateId: string; rateEffectiveFrom: Date };
}

/** A partner's W-9 as stored (tax_profiles), without the TIN itself. */
export interface Form1099W9 {
  legalName: string;
  businessName: string | null;
  tinType: string | null;
  tinLast4: string | null;
  address: PostalAddress;
  fields: { federalTaxClassification?: string; llcTaxClassification?: string };
}

export interface Form1099Partner {
  partnerId: string;
  name: string;
  country: string;
  /** Null when the partner has no W-9 (no profile, or a W-8). */
  w9: Form1099W9 | null;
}

export interface Form1099Recipient {
  partner: Form1099Partner & { w9: Form1099W9 };
  box1Minor: bigint;
  payoutIds: string[];
}

export interface Form1099NecReport {
  taxYear: number;
  thresholdMinor: bigint;
  recipients: Form1099Recipient[];
  /** W-9 payees at or over the threshold the 1099-NEC does not report (corporations). */
  excluded: { partnerId: string; name: string; totalMinor: bigint; reason: string }[];
  /** Partners whose own country is the US, paid at or over the threshold without a W-9 on file. */
  withoutW9: { partnerId: string; name: string; totalMinor: bigint }[];
  /** Paid payouts of W-9 payees in other currencies counted in box 1 at their USD value. */
  convertedToUsd: Form1099Payment[];
  /** Paid payouts of W-9 payees in other currencies without a USD rate: not in box 1. */
  otherCurrencies: Form1099Payment[];
}

export function buildForm1099NecReport(input: {
  taxYear: number;
  thresholdMinor: bigint;
  partners: Form1099Partner[];
  payments: Form1099Payment[];
}): Form1099NecReport {
  const inYear = input.payments.filter((payment) => payment.paidAt.getUTCFullYear() === input.taxYear);
  const usd = new Map<string, { total: bigint; payoutIds: string[] }>();
  for (const payment of inYear) {
    const usdMinor = payment.currency === 'USD' ? payment.amountMinor : payment.usd?.amountMinor;
    if (usdMinor === undefined) continue;
    const sum = usd.get(payment.partnerId) ?? { total: 0n, payoutIds: [] };
    sum.total += usdMinor;
    sum.payoutIds.push(payment.payoutId);
    usd.set(payment.partnerId, sum);
  }
  const report: Form1099NecReport = { taxYear: input.taxYear, thresholdMinor: input.thresholdMinor, recipients: [], excluded: [], withoutW9: [], convertedToUsd: [], otherCurrencies: [] };
  const partners = [...input.partners].sort((a, b) => a.partnerId.localeCompare(b.partnerId));
  for (const partner of partners) {
    const paid = usd.get(partner.partnerId);
    const reaches = paid !== undefined && paid.total >= input.thresholdMinor;
    const { w9 } = partner;
    if (!w9) {
      if (reaches && partner.country.toUpperCase() === 'US') report.withoutW9.push({ partnerId: partner.partnerId, name: partner.name, totalMinor: paid.total });
      continue;
    }
    const foreign = inYear.filter((p) => p.partnerId === partner.partnerId && p.currency !== 'USD');
    report.convertedToUsd.push(...foreign.filter((p) => p.usd !== undefined));
    report.otherCurrencies.push(...foreign.filter((p) => p.usd === undefined));
    if (!reaches) continue;
    if (isCorporatePayee(w9.fields)) {
      report.excluded.push({ partnerId: partner.partnerId, name: w9.legalName, totalMinor: paid.total, reason: 'corporation: payments to corporations are generally not reported on 1099-NEC' });
      continue;
    }
    report.recipients.push({ partner: { ...partner, w9 }, box1Minor: paid.total, payoutIds: [...paid.payoutIds].sort() });
  }
  return report;
}

/** USD as the IRS forms write it: "2000.00". */
export const usdText = (minor: bigint): string => formatAmount(minor, 'USD');
