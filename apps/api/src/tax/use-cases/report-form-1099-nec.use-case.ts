import { Injectable } from '@nestjs/common';
import type { TaxProfile } from '@partnerflow/db';
import {
  buildForm1099NecReport,
  convertMinor,
  DomainError,
  effectiveFxRate,
  ErrorCode,
  form1099NecCsv,
  form1099Threshold,
  form1099ThresholdsOf,
  maskTin,
  moneyView,
  type Form1099NecReport,
  type Form1099Partner,
  type Form1099Payment,
  type Form1099W9,
  type PostalAddress,
} from '@partnerflow/domain';
import type { FxRate } from '@partnerflow/db';
import { FxRatesRepository } from '../../fx-rates/fx-rates.repository';
import { ProgramsRepository, type OperatorAction } from '../../programs/programs.repository';
import { GetProgramUseCase } from '../../programs/use-cases/get-program.use-case';
import { TaxRepository } from '../tax.repository';
import { TinCipher } from '../tin-cipher';

/**
 * A program's 1099-NEC report for a tax year: JSON for review (TINs masked) or the CSV for filing
 * (full TINs, decrypted only here, and the export audited). The year's threshold comes from the
 * program's current payout policy (`form1099Thresholds`), else the defaults. A payout in another
 * currency counts at its USD value at the program's FX rate into USD in force on its payment date
 * (its own rate, else the global one: the table commissions are priced with); without one it is
 * listed for finance to convert by hand.
 */
@Injectable()
export class ReportForm1099NecUseCase {
  constructor(
    private readonly getProgram: GetProgramUseCase,
    private readonly programs: ProgramsRepository,
    private readonly tax: TaxRepository,
    private readonly cipher: TinCipher,
    private readonly fxRates: FxRatesRepository,
  ) {}

  async json(programRef: string, taxYear: number) {
    const { program, report } = await this.build(programRef, taxYear);
    return {
      programId: program.id,
      taxYear,
      threshold: moneyView(report.thresholdMinor, 'USD'),
      payer: { name: program.name },
      recipients: report.recipients.map(({ partner, box1Minor, payoutIds }) => ({
        partnerId: partner.partnerId,
        name: partner.w9.legalName,
        businessName: partner.w9.businessName,
        tin: partner.w9.tinType ? { type: partner.w9.tinType, masked: maskTin(partner.w9.tinType, partner.w9.tinLast4) ?? '' } : null,
        address: partner.w9.address,
        box1NonemployeeCompensation: moneyView(box1Minor, 'USD'),
        payoutIds,
      })),
      excluded: report.excluded.map(({ totalMinor, ...rest }) => ({ ...rest, total: moneyView(totalMinor, 'USD') })),
      withoutW9: report.withoutW9.map(({ totalMinor, ...rest }) => ({ ...rest, total: moneyView(totalMinor, 'USD') })),
      convertedToUsd: report.convertedToUsd.map((payment) => ({
        partnerId: payment.partnerId,
        payoutId: payment.payoutId,
        amount: moneyView(payment.amountMinor, payment.currency),
        paidAt: payment.paidAt.toISOString(),
        usd: moneyView(payment.usd!.amountMinor, 'USD'),
        rate: { id: payment.usd!.rateId, rate: payment.usd!.rate, effectiveFrom: payment.usd!.rateEffectiveFrom.toISOString() },
      })),
      otherCurrencies: report.otherCurrencies.map((payment) => ({
        partnerId: payment.partnerId,
        payoutId: payment.payoutId,
        amount: moneyView(payment.amountMinor, payment.currency),
        paidAt: payment.paidAt.toISOString(),
      })),
    };
  }

  async csv(programRef: string, taxYear: number, action: OperatorAction): Promise<{ filename: string; body: string }> {
    const { program, report, profiles } = await this.build(programRef, taxYear);
    const tins = new Map<string, string>();
    for (const { partner } of report.recipients) {
      const stored = profiles.get(partner.partnerId)?.tinEncrypted;
      if (!stored) continue;
      try {
        const tin = this.cipher.decrypt(stored, partner.partnerId).tin;
        if (tin) tins.set(partner.partnerId, tin);
      } catch (error) {
        throw new DomainError(ErrorCode.INTERNAL, error instanceof Error ? error.message : `the TIN of ${partner.partnerId} cannot be read`);
      }
    }
    await this.tax.recordFilingExport(program.id, action, { taxYear, recipients: report.recipients.length, format: 'csv' });
    return { filename: `1099-nec-${program.slug}-${taxYear}.csv`, body: form1099NecCsv(report, program.name, tins) };
  }

  private async build(programRef: string, taxYear: number) {
    const program = await this.getProgram.execute(programRef);
    const policy = await this.programs.currentConfig(program.id, 'payout');
    const thresholdMinor = form1099Threshold(form1099ThresholdsOf(policy?.document), taxYear);
    const payments = await this.tax.paidPayouts(program.id, new Date(Date.UTC(taxYear, 0, 1)), new Date(Date.UTC(taxYear + 1, 0, 1)));
    const partners = await this.tax.partnersWithProfiles([...new Set(payments.map((payment) => payment.partnerId))]);
    const usdRates = payments.some((payment) => payment.currency !== 'USD') ? await this.fxRates.ratesInto(program.id, 'USD') : [];
    const report: Form1099NecReport = buildForm1099NecReport({
      taxYear,
      thresholdMinor,
      partners: partners.map((partner) => form1099Partner(partner, partner.profile)),
      payments: payments.map((payment) => usdValued({ ...payment, payoutId: payment.id }, usdRates)),
    });
    const profiles = new Map(partners.flatMap((partner) => (partner.profile ? [[partner.id, partner.profile] as const] : [])));
    return { program, report, profiles };
  }
}

/** A payout in another currency with its USD value at the rate in force when it was paid, if there was one. */
function usdValued(payment: Form1099Payment, rates: FxRate[]): Form1099Payment {
  if (payment.currency === 'USD') return payment;
  const rate = effectiveFxRate(rates, payment.currency, 'USD', payment.paidAt);
  if (!rate) return payment;
  return {
    ...payment,
    usd: { amountMinor: convertMinor(payment.amountMinor, payment.currency, 'USD', rate.rate), rate: rate.rate, rateId: rate.id, rateEffectiveFrom: rate.effectiveFrom },
  };
}

function form1099Partner(partner: { id: string; name: string; country: string }, profile: TaxProfile | null): Form1099Partner {
  const w9: Form1099W9 | null =
    profile?.formType === 'w9'
      ? {
          legalName: profile.legalName,
          businessName: profile.businessName,
          tinType: profile.tinType,
          tinLast4: profile.tinLast4,
          address: profile.address as PostalAddress,
          fields: profile.fields as Form1099W9['fields'],
        }
      : null;
  return { partnerId: partner.id, name: partner.name, country: partner.country, w9 };
}
