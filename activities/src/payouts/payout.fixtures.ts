import type { PayoutMethodType, PrismaClient, TaxFormType } from '@partnerflow/db';
import { newId, type PayoutPolicyInput } from '@partnerflow/domain';
import type { DisbursementRequest, DisbursementResult, PaymentProvider, PaymentProviderName } from './providers/payment-provider';

/**
 * Shared by the payout activity specs (medium tests against PostgreSQL): a program with its payout
 * policy, partners with tax forms and payout methods, approved commissions as the hold workflow
 * leaves them in the ledger, and an in-memory payment provider double. Never used by running code.
 */

const LONG_AGO = new Date('2025-01-01T00:00:00Z');

export async function seedPayoutProgram(prisma: PrismaClient, policy: PayoutPolicyInput): Promise<string> {
  const programId = newId('program');
  await prisma.program.create({ data: { id: programId, slug: programId, name: 'Acme' } });
  await prisma.configVersion.create({ data: { id: newId('config'), programId, kind: 'payout', version: 1, document: policy as object, createdBy: 'test' } });
  return programId;
}

export interface PartnerSetup {
  country?: string;
  taxForm?: TaxFormType | null;
  method?: PayoutMethodType | null;
  methodChangedAt?: Date;
}

export async function seedPayee(prisma: PrismaClient, programId: string, setup: PartnerSetup = {}): Promise<string> {
  const partnerId = newId('partner');
  const country = setup.country ?? 'DE';
  await prisma.partner.create({
    data: { id: partnerId, programId, email: `${partnerId}@example.com`, name: 'Grace', country, audienceSize: 100, type: 'content', stage: 'ACTIVE', workflowId: `partner-${partnerId}` },
  });
  const taxForm = setup.taxForm === undefined ? (country === 'US' ? 'w9' : 'w8ben') : setup.taxForm;
  if (taxForm) {
    await prisma.taxProfile.create({
      data: { partnerId, formType: taxForm, usPerson: taxForm === 'w9', legalName: 'Grace', country, address: {}, fields: {}, signatureName: 'Grace', signedAt: new Date('2026-01-10T00:00:00Z') },
    });
  }
  const method = setup.method === undefined ? 'paypal' : setup.method;
  if (method) {
    const details = method === 'paypal' ? { email: `${partnerId}@paypal.test` } : method === 'stripe' ? { accountId: 'acct_1234567890' } : {};
    await prisma.payoutMethod.create({ data: { partnerId, type: method, details, changedAt: setup.methodChangedAt ?? LONG_AGO } });
  }
  return partnerId;
}

/** An approved commission: created in pending, moved to approved (the hold workflow's three entries). */
export async function approvedCommission(prisma: PrismaClient, programId: string, partnerId: string, amountMinor: bigint, at = new Date('2026-10-15T12:00:00Z')): Promise<string> {
  const commissionId = newId('commission');
  await prisma.commission.create({
    data: {
      id: commissionId, programId, partnerId, conversionId: newId('conversion'), ruleId: 'sale-revshare', kind: 'percentage', amountMinor, currency: 'EUR',
      originalAmountMinor: amountMinor, originalCurrency: 'EUR', explanation: {}, status: 'approved', holdUntil: at, createdAt: at, approvedAt: at,
    },
  });
  const entry = (account: 'pending' | 'approved', amount: bigint, key: string) => ({
    id: newId('ledgerEntry'), programId, partnerId, commissionId, kind: key === 'created' ? ('commission_created' as const) : ('commission_approved' as const),
    account, amountMinor: amount, currency: 'EUR', idempotencyKey: `${commissionId}:${key}`, createdAt: at,
  });
  await prisma.ledgerEntry.createMany({ data: [entry('pending', amountMinor, 'created'), entry('pending', -amountMinor, 'out'), entry('approved', amountMinor, 'in')] });
  return commissionId;
}

/** A reversal after approval: a negative entry in the approved account (a refund after payout, carried over). */
export async function approvedReversal(prisma: PrismaClient, programId: string, partnerId: string, commissionId: string, amountMinor: bigint, at = new Date('2026-10-20T12:00:00Z')) {
  await prisma.ledgerEntry.create({
    data: { id: newId('ledgerEntry'), programId, partnerId, commissionId, kind: 'commission_reversed', account: 'approved', amountMinor, currency: 'EUR', idempotencyKey: `${commissionId}:reversed:${at.toISOString()}`, createdAt: at },
  });
  await prisma.commission.update({ where: { id: commissionId }, data: { reversedMinor: { increment: -amountMinor } } });
}

export async function accountSums(prisma: PrismaClient, partnerId: string): Promise<Record<string, string>> {
  const rows = await prisma.ledgerEntry.groupBy({ by: ['account'], where: { partnerId }, _sum: { amountMinor: true } });
  return Object.fromEntries(rows.map((row) => [row.account, String(row._sum.amountMinor ?? 0n)]));
}

/**
 * A payment provider double: answers per idempotency key (the payout id) the way a real one does
 * — the first answer stands, a repeat gets it again — and can be told to refuse, to leave a
 * payout pending, or to time out once after it has accepted (the crash the retry must survive).
 */
export function paymentProviderDouble(name: PaymentProviderName = 'paypal') {
  const accepted = new Map<string, DisbursementResult>();
  const requests: DisbursementRequest[] = [];
  const script = { refuse: new Set<string>(), pending: new Set<string>(), timeoutOnceAfterAccepting: new Set<string>() };
  const provider: PaymentProvider = {
    name,
    async disburse(request) {
      requests.push(request);
      const earlier = accepted.get(request.payoutId);
      if (earlier) return earlier;
      const result: DisbursementResult = script.refuse.has(request.partnerId)
        ? { outcome: 'failed', providerStatus: 'RECEIVER_UNREGISTERED', reason: 'the receiver has no PayPal account' }
        : script.pending.has(request.partnerId)
          ? { outcome: 'pending', providerStatus: 'PENDING', providerReference: `ref_${request.payoutId}` }
          : { outcome: 'paid', providerStatus: 'SUCCESS', providerReference: `ref_${request.payoutId}` };
      accepted.set(request.payoutId, result);
      if (script.timeoutOnceAfterAccepting.delete(request.partnerId)) throw new Error('provider timed out');
      return result;
    },
    async checkStatus(request) {
      const earlier = accepted.get(request.payoutId);
      if (earlier?.outcome === 'pending' && !script.pending.has(request.partnerId)) accepted.set(request.payoutId, { ...earlier, outcome: 'paid', providerStatus: 'SUCCESS' });
      return accepted.get(request.payoutId) ?? { outcome: 'failed', providerStatus: 'UNKNOWN', reason: 'no such payout' };
    },
  };
  return { provider, requests, script, paidKeys: () => [...accepted.entries()].filter(([, result]) => result.outcome === 'paid').map(([key]) => key) };
}
