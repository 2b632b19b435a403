import { ApplicationFailure } from '@temporalio/common';
import type { CommissionStatus, Conversion, ConversionShare, PrismaClient } from '@partnerflow/db';
import { computeCommissions, DomainError, NonRetryableFailure, partnerShareOf, type CommissionReviewExpiry } from '@partnerflow/domain';
import { loadCommissionConfigs } from './commission-configs';
import { commissionInputFor } from './commission-input';
import { insertCommissions, recordedCommissionsOf } from './commission-insert';
import { LEDGER_TRANSACTION } from './commission-ledger';
import { reverseCommissionsOf, type ReversedCommission } from './commission-reversals';
import { commissionCreatedEvents, commissionReversedEvents, dispatchDomainEventsFromActivity, recordDomainEvents } from './events';
import { recordUnpricedConversion } from './fx-rates';

/** A commission the conversion created, as the hold workflow needs it. */
export interface RecordedCommission {
  commissionId: string;
  status: CommissionStatus;
  holdUntil: string;
  flagged: boolean;
  /** Payout amount as text, "12.34 EUR", for the reviewers' emails. */
  amount: string;
  /** Set when it waits for a person: its open `commission_review` task and the hold config's timings. */
  review: {
    taskId: string;
    openedAt: string;
    reminderHours: number;
    expiresAt: string | null;
    onExpiry: CommissionReviewExpiry;
    reasons: string;
  } | null;
}

export interface RecordedConversion {
  conversionId: string;
  outcome: 'created' | 'reversed' | 'nothing_to_do' | 'not_computed';
  /** In words, for the history reader: what was decided and why. */
  note: string;
  created: RecordedCommission[];
  reversed: ReversedCommission[];
}

export interface RecordCommissionsRequest {
  conversionId: string;
  partnerId: string;
  /** The workflow's time: review tasks open at it, so their reminders agree with its timers. */
  asOf: string;
}

type Loaded = Conversion & { shares: ConversionShare[] };

/**
 * Turns one conversion crediting the partner into ledger facts, in one transaction: a
 * commissionable event becomes this partner's commission lines (computeCommissions under the
 * program's current plan and hold config) with a `commission_created` entry each; a refund or
 * chargeback reverses this partner's commissions of its original. Idempotent: a retry, or the
 * same signal twice, answers the first result and writes nothing more.
 */
export function createCommissionRecordingActivities({ prisma }: { prisma: PrismaClient }) {
  async function record(request: RecordCommissionsRequest): Promise<RecordedConversion> {
    const asOf = new Date(request.asOf);
    const eventIds: string[] = [];
    const recorded = await prisma.$transaction(async (tx): Promise<RecordedConversion> => {
      const conversion: Loaded | null = await tx.conversion.findUnique({ where: { id: request.conversionId }, include: { shares: true } });
      if (!conversion) {
        throw ApplicationFailure.nonRetryable(`conversion ${request.conversionId} does not exist`, NonRetryableFailure.NOT_FOUND);
      }
      const base = { conversionId: conversion.id, created: [], reversed: [] };
      const share = partnerShareOf(conversion.shares, request.partnerId);
      if (!share) return { ...base, outcome: 'nothing_to_do', note: `conversion ${conversion.id} does not credit partner ${request.partnerId}` };
      const configs = await loadCommissionConfigs(tx, conversion.programId);

      if (conversion.refersToId) {
        const reversed = await reverseCommissionsOf(tx, { reversal: conversion, partnerId: request.partnerId, hold: configs.hold, asOf });
        eventIds.push(...(await recordDomainEvents(tx, commissionReversedEvents(reversed, conversion, request.partnerId, asOf))));
        const note = reversed.length === 0
          ? `${conversion.type} ${conversion.id}: partner ${request.partnerId} has no commission of ${conversion.refersToId} left to reverse`
          : `${conversion.type} ${conversion.id} reversed ${reversed.length} commission(s) of ${conversion.refersToId}`;
        return { ...base, outcome: reversed.length === 0 ? 'nothing_to_do' : 'reversed', note, reversed };
      }

      const earlier = await recordedCommissionsOf(tx, conversion.id, request.partnerId);
      if (earlier.length > 0) return { ...base, outcome: 'created', note: `already recorded: ${earlier.length} commission(s) for ${conversion.type} ${conversion.id}`, created: earlier };

      let computation;
      try {
        computation = computeCommissions(await commissionInputFor(tx, conversion, request.partnerId, share, configs));
      } catch (error) {
        // e.g. no FX rate for the conversion's currency: no commission; recorded as unpriced, so adding the rate (PUT …/fx-rates) hands it back here.
        if (!(error instanceof DomainError)) throw error;
        await recordUnpricedConversion(tx, { conversion, partnerId: request.partnerId, error, asOf });
        return { ...base, outcome: 'not_computed', note: `conversion ${conversion.id} was not commissioned: ${error.message}` };
      }
      const lines = computation.lines.filter((line) => line.partnerId === request.partnerId);
      const created = await insertCommissions(tx, { conversion, partnerId: request.partnerId, lines, configs, asOf });
      const createdRows = await tx.commission.findMany({ where: { id: { in: created.map((commission) => commission.commissionId) } }, orderBy: { id: 'asc' } });
      eventIds.push(...(await recordDomainEvents(tx, commissionCreatedEvents(createdRows))));
      // A refund processed before its original (a late handoff) reversed nothing then: apply it now.
      const laterReversals = await tx.conversion.findMany({
        where: { refersToId: conversion.id, shares: { some: { partnerId: request.partnerId } } },
        orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }],
      });
      for (const reversal of laterReversals) {
        const reversed = await reverseCommissionsOf(tx, { reversal, partnerId: request.partnerId, hold: configs.hold, asOf });
        eventIds.push(...(await recordDomainEvents(tx, commissionReversedEvents(reversed, reversal, request.partnerId, asOf))));
      }
      const current = laterReversals.length === 0 ? created : await recordedCommissionsOf(tx, conversion.id, request.partnerId);
      const skipped = computation.skipped.filter((skip) => skip.partnerId === request.partnerId).map((skip) => `${skip.ruleId}: ${skip.reason}`);
      return {
        ...base,
        outcome: current.length === 0 ? 'nothing_to_do' : 'created',
        note: `${current.length} commission(s) for ${conversion.type} ${conversion.id}${skipped.length ? `; skipped ${skipped.join(', ')}` : ''}`,
        created: current,
      };
    }, LEDGER_TRANSACTION);
    await dispatchDomainEventsFromActivity(eventIds);
    return recorded;
  }

  return {
    recordCommissionsForConversion: (request: RecordCommissionsRequest): Promise<RecordedConversion> => record(request),
  };
}
