import nodemailer from 'nodemailer';
import { newId, type PayoutPolicyInput } from '@partnerflow/domain';
import type { PrismaClient } from '@partnerflow/db';
import { createCommissionActivities } from './commissions.activities';
import { createPayoutActivities } from './payouts';
import { paymentProviderDouble, seedPayee, seedPayoutProgram } from './payouts/payout.fixtures';
import { seedConversion } from './commission.fixtures';

/**
 * Drives one generated event sequence through the real commission and payout activities against
 * PostgreSQL, keeping the few facts an independent oracle needs (what each commission must be
 * and how much of it must be reversed). Used by ledger.properties.spec.ts; never by running code.
 */

export type Step =
  | { kind: 'sale'; who: 0 | 1 | 2; amountMinor: bigint; currency: 'EUR' | 'USD' | 'GBP'; flagged: boolean }
  | { kind: 'signup'; who: 0 | 1 }
  | { kind: 'refund'; target: number; perMille: number; chargeback: boolean }
  | { kind: 'release'; days: number }
  | { kind: 'review'; target: number; approve: boolean }
  | { kind: 'redeliver'; target: number }
  | { kind: 'planChange'; rate: string }
  | { kind: 'fxChange'; rate: string }
  | { kind: 'payout' };

const DAY_MS = 86_400_000;
const POLICY: PayoutPolicyInput = {
  currency: 'EUR',
  methods: { paypal: { provider: 'paypal', minimum: '0.01' } },
  approval: { autoApproveBelow: '100000000.00', manualForFirstPayout: false, manualWhenFraudFlags: false },
};
const WINDOW = { openedAt: '2030-01-01T00:00:00.000Z', remindAt: '2030-01-02T00:00:00.000Z', escalateAt: '2030-01-03T00:00:00.000Z', deadlineAt: null };
const planOf = (rate: string) => ({
  currency: 'EUR',
  rules: [
    { id: 'sale-revshare', type: 'percentage', events: ['sale'], rate },
    { id: 'signup-bounty', type: 'flat', events: ['signup'], amount: '5.00' },
  ],
});

/** The documented rounding rule, written out again for the oracle: half to even, on non-negative values. */
export function halfEven(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  const twice = (numerator % denominator) * 2n;
  return twice > denominator || (twice === denominator && quotient % 2n === 1n) ? quotient + 1n : quotient;
}
/** "12.5" → 125/10. */
const ratio = (text: string): [bigint, bigint] => {
  const [whole, fraction = ''] = text.split('.');
  return [BigInt(whole + fraction), 10n ** BigInt(fraction.length)];
};

interface Credit {
  partnerId: string;
  /** The commission the oracle expects (payout currency, EUR); 0n: none (zero, or unpriced). */
  expectedMinor: bigint;
  /** Refunded so far while the commission could still be reversed (not rejected), and how many refunds that was. */
  refundedMinor: bigint;
  refunds: number;
}
interface TrackedConversion {
  id: string;
  amountMinor: bigint | null;
  currency: string | null;
  flagged: boolean;
  unpriced: boolean;
  credits: Credit[];
}

export class LedgerSequence {
  programId = '';
  partners: string[] = [];
  clock = Date.UTC(2026, 0, 5);
  conversions: TrackedConversion[] = [];
  /** Per partner: the reversals booked against commissions already paid out (≤ 0). */
  afterPayout = new Map<string, bigint>();
  /** Repeated deliveries that wrote something: must stay empty. */
  replayViolations: string[] = [];
  private planRate = '10';
  private planVersion = 1;
  private fxRates: { from: number; rate: string }[] = [];
  private payouts = 0;
  private readonly provider = paymentProviderDouble('paypal');
  readonly commissions: ReturnType<typeof createCommissionActivities>;
  private readonly payoutActivities: ReturnType<typeof createPayoutActivities>;

  constructor(private readonly prisma: PrismaClient) {
    this.commissions = createCommissionActivities({ prisma });
    const mailer = nodemailer.createTransport({ jsonTransport: true }); // no mail is sent: notices are not part of these sequences
    this.payoutActivities = createPayoutActivities({ prisma, mailer, mailFrom: 'test@partnerflow.test', paymentProviders: { paypal: this.provider.provider } });
  }

  async setUp(): Promise<void> {
    this.programId = await seedPayoutProgram(this.prisma, POLICY);
    await this.config('commission_plan', planOf(this.planRate));
    await this.config('hold', { daysByType: { sale: 14, signup: 0 }, negativeBalance: 'carry_over' });
    this.partners = [await seedPayee(this.prisma, this.programId), await seedPayee(this.prisma, this.programId)];
    await this.addFxRate('0.9234');
  }

  private config(kind: 'commission_plan' | 'hold', document: object, version = 1) {
    return this.prisma.configVersion.create({ data: { id: newId('config'), programId: this.programId, kind, version, document, createdBy: 'test' } });
  }

  private async addFxRate(rate: string): Promise<void> {
    this.clock += 60_000; // a rate is effective from the next minute: conversions before it keep the old one
    await this.prisma.fxRate.create({
      data: { id: newId('fxRate'), programId: this.programId, scope: this.programId, base: 'USD', quote: 'EUR', rate, effectiveFrom: new Date(this.clock), createdBy: 'key_test' },
    });
    this.fxRates.push({ from: this.clock, rate });
  }

  private asOf = () => new Date(this.clock).toISOString();

  private writes = async () => {
    const [row] = await this.prisma.$queryRaw<{ written: string }[]>`
      SELECT (SELECT count(*) FROM ledger_entries WHERE program_id = ${this.programId}) || ' entries, '
          || (SELECT count(*) FROM commissions WHERE program_id = ${this.programId}) || ' commissions' AS written`;
    return row.written;
  };

  /** The call, then the same call again as a redelivery or retry would make it: the second must write nothing. */
  private async twice(label: string, call: () => Promise<unknown>): Promise<void> {
    await call();
    const after = await this.writes();
    await call();
    const again = await this.writes();
    if (again !== after) this.replayViolations.push(`${label}: ${after} → ${again}`);
  }

  record = (conversionId: string, partnerId: string) => this.commissions.recordCommissionsForConversion({ conversionId, partnerId, asOf: this.asOf() });

  /** What the plan in force pays on `shareMinor` of a sale, in EUR: the line in its currency, rounded, then converted, rounded. */
  private expectedSale(shareMinor: bigint, currency: string): bigint {
    const [rateNum, rateDen] = ratio(this.planRate);
    const line = halfEven(shareMinor * rateNum, rateDen * 100n);
    if (currency === 'EUR') return line;
    const [fxNum, fxDen] = ratio([...this.fxRates].reverse().find((fx) => fx.from <= this.clock)!.rate);
    return halfEven(line * fxNum, fxDen);
  }

  async apply(step: Step): Promise<void> {
    switch (step.kind) {
      case 'sale':
      case 'signup': {
        const who = step.who === 2 ? [0, 1] : [step.who];
        const sale = step.kind === 'sale';
        const amountMinor = sale ? step.amountMinor : null;
        const currency = sale ? step.currency : null;
        const shares = who.map((index) => ({ partnerId: this.partners[index], sharePpm: who.length === 2 ? [400_000, 600_000][index] : 1_000_000 }));
        const id = await seedConversion(this.prisma, { programId: this.programId, shares, type: step.kind, amountMinor, currency, occurredAt: new Date(this.clock), flagged: sale && step.flagged });
        const stored = await this.prisma.conversionShare.findMany({ where: { conversionId: id }, orderBy: { sharePpm: 'asc' } });
        const unpriced = currency === 'GBP';
        const credits = stored.map((share) => ({
          partnerId: share.partnerId,
          expectedMinor: unpriced ? 0n : sale ? this.expectedSale(share.amountMinor!, currency!) : 500n,
          refundedMinor: 0n,
          refunds: 0,
        }));
        this.conversions.push({ id, amountMinor, currency, flagged: sale && step.flagged, unpriced, credits });
        for (const credit of credits) await this.record(id, credit.partnerId); // repeated by 'redeliver' steps
        return;
      }
      case 'refund':
        return this.refund(step);
      case 'release':
        return this.release(step.days);
      case 'review':
        return this.review(step);
      case 'redeliver': {
        const conversion = this.conversions[step.target % Math.max(1, this.conversions.length)];
        if (conversion) for (const credit of conversion.credits) await this.twice(`redeliver ${conversion.id}`, () => this.record(conversion.id, credit.partnerId));
        return;
      }
      case 'planChange':
        this.planRate = step.rate;
        this.planVersion += 1;
        await this.config('commission_plan', planOf(step.rate), this.planVersion);
        return;
      case 'fxChange':
        return this.addFxRate(step.rate);
      case 'payout':
        return this.payout();
    }
  }

  /** A refund or chargeback of part of a tracked conversion; the oracle counts it for commissions still reversible. */
  private async refund({ target, perMille, chargeback }: Extract<Step, { kind: 'refund' }>): Promise<void> {
    const original = this.conversions[target % Math.max(1, this.conversions.length)];
    if (!original) return;
    const amountMinor = original.amountMinor === null ? null : -((original.amountMinor * BigInt(perMille)) / 1000n || 1n);
    const shares = original.credits.map((credit) => ({ partnerId: credit.partnerId, sharePpm: original.credits.length === 2 ? [400_000, 600_000][original.credits.indexOf(credit)] : 1_000_000 }));
    const type = chargeback ? 'chargeback' : 'refund';
    const id = await seedConversion(this.prisma, { programId: this.programId, shares, type, amountMinor, currency: original.currency, refersToId: original.id, occurredAt: new Date(this.clock) });
    const before = new Map((await this.prisma.commission.findMany({ where: { conversionId: original.id } })).map((c) => [c.partnerId, c.status]));
    for (const credit of original.credits) {
      await this.twice(`${type} ${id}`, () => this.record(id, credit.partnerId));
      const status = before.get(credit.partnerId);
      if (status && status !== 'rejected') {
        credit.refundedMinor += amountMinor === null ? 0n : -amountMinor;
        credit.refunds += 1;
      }
      if (status !== 'paid') continue;
      const [booked] = await this.prisma.ledgerEntry.findMany({ where: { conversionId: id, partnerId: credit.partnerId, kind: 'commission_reversed', account: 'approved' } });
      if (booked) this.afterPayout.set(credit.partnerId, (this.afterPayout.get(credit.partnerId) ?? 0n) + booked.amountMinor);
    }
  }

  /** The hold workflow's release: time passes, and every partner's commissions whose hold ended are approved in one call (asked twice). */
  private async release(days: number): Promise<void> {
    this.clock += days * DAY_MS;
    for (const partnerId of this.partners) {
      const due = await this.prisma.commission.findMany({ where: { partnerId, status: 'pending', holdUntil: { lte: new Date(this.clock) } }, orderBy: { id: 'asc' } });
      if (due.length === 0) continue;
      const request = { partnerId, commissionIds: due.map((c) => c.id), asOf: this.asOf() };
      await this.twice(`release for ${partnerId}`, () => this.commissions.approveDueCommissions(request));
    }
  }

  /** An operator's decision on a commission waiting for review (sent twice, as a retried activity would). */
  private async review({ target, approve }: Extract<Step, { kind: 'review' }>): Promise<void> {
    const open = await this.prisma.operatorTask.findMany({ where: { kind: 'commission_review', status: 'open', partnerId: { in: this.partners } }, orderBy: { id: 'asc' } });
    const task = open[target % Math.max(1, open.length)];
    if (!task?.commissionId || !task.partnerId) return;
    const decision = { workflowId: task.workflowId, partnerId: task.partnerId, commissionId: task.commissionId, decision: approve ? ('approve' as const) : ('reject' as const), reason: 'checked', reviewerId: 'key_reviewer', decidedAt: this.asOf() };
    await this.twice(`review of ${task.commissionId}`, () => this.commissions.decideCommissionReview(decision));
  }

  /** A payout run of everything approved so far: snapshot, then each approved payout disbursed (twice: the provider is keyed by payout). */
  private async payout(): Promise<void> {
    this.payouts += 1;
    const periodEnd = new Date(Date.UTC(2030, 0, this.payouts)).toISOString().slice(0, 10);
    const { runId } = await this.payoutActivities.preparePayoutRun({ programId: this.programId, periodEnd, startedAt: new Date().toISOString() });
    let afterPartnerId: string | null = null;
    do {
      ({ lastPartnerId: afterPartnerId } = await this.payoutActivities.snapshotPayoutBatch({ runId, afterPartnerId, limit: 10, asOf: new Date().toISOString(), window: WINDOW }));
    } while (afterPartnerId !== null);
    for (const payout of await this.prisma.payout.findMany({ where: { runId, status: 'approved' } })) {
      await this.twice(`payout ${payout.id}`, () => this.payoutActivities.disbursePayout({ payoutId: payout.id }));
    }
  }
}
