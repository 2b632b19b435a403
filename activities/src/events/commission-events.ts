import type { Commission, Conversion } from '@partnerflow/db';
import { domainEventKey, formatAmount, type DomainEventInput } from '@partnerflow/domain';
import type { Settled } from '../commission-ledger';
import type { ReversedCommission } from '../commission-reversals';

/** The commission domain events, built where the ledger facts are written (amounts as decimal text). */
const money = (minor: bigint, currency: string) => ({ amount: formatAmount(minor, currency), currency });

export const commissionCreatedEvents = (commissions: Commission[]): DomainEventInput[] =>
  commissions.map((commission) => ({
    name: 'commission.created',
    programId: commission.programId,
    partnerId: commission.partnerId,
    subject: { type: 'commission', id: commission.id },
    data: {
      commissionId: commission.id,
      conversionId: commission.conversionId,
      ruleId: commission.ruleId,
      amount: money(commission.amountMinor, commission.currency),
      status: commission.status,
      holdUntil: commission.holdUntil.toISOString(),
      flagged: commission.flagged,
    },
    occurredAt: commission.createdAt,
    idempotencyKey: domainEventKey('commission.created', commission.id),
  }));

export const commissionApprovedEvents = (approved: Settled[], asOf: Date, by: 'hold_released' | 'review'): DomainEventInput[] =>
  approved.map((row) => ({
    name: 'commission.approved',
    programId: row.programId,
    partnerId: row.partnerId,
    subject: { type: 'commission', id: row.id },
    data: { commissionId: row.id, amount: money(row.remainingMinor, row.currency), approvedAt: asOf.toISOString(), by },
    occurredAt: asOf,
    idempotencyKey: domainEventKey('commission.approved', row.id),
  }));

/** One event per reversal booked: a commission refunded twice in part is reversed twice. */
export const commissionReversedEvents = (reversed: ReversedCommission[], reversal: Conversion, partnerId: string, asOf: Date): DomainEventInput[] =>
  reversed.map((row) => ({
    name: 'commission.reversed',
    programId: reversal.programId,
    partnerId,
    subject: { type: 'commission', id: row.commissionId },
    data: {
      commissionId: row.commissionId,
      reversal: { type: reversal.type, conversionId: reversal.id, refersTo: reversal.refersToId },
      amount: money(BigInt(row.amountMinor), row.currency),
      status: row.status,
      fullyReversed: row.fullyReversed,
      absorbed: row.absorbed,
    },
    occurredAt: asOf,
    idempotencyKey: `commission.reversed:${row.commissionId}:${reversal.id}`,
  }));
