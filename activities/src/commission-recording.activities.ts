import { ApplicationFailure } from '@temporalio/common';
import type { CommissionStatus, Conversion, ConversionShare, PrismaClient } from '@partnerflow/db';
import { computeCommissions, DomainError, NonRetryableFailure, partnerShareOf, type CommissionReviewExpiry } from '@partnerflow/domain';
import { loadCommissionConfigs } from './commission-configs';
import { mastersEarningOn, overridesOfMaster, recordIbOverrides, reverseIbOverrides } from './commission-ib-overrides';
import { signalMasterHolds } from './commission-ib-signals';
import { commissionInputFor } from './commission-input';
import { flagsOf, insertCommissions, recordedCommissionsOf } from './commission-insert';
import { LEDGER_TRANSACTION } from './commission-ledger';
import { reverseCommissionsOf, type ReversedCommission } from './commission-reversals';
import {
  commissionCreatedEvents,
  commissionReversedEvents,
  dispatchDomainEventsFromActivity,
  milestoneAchievedEvents,
  recordDomainEvents,
  trafficQualityFlaggedEvent,
} from './events';
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

/** Masters to hand the conversion (or the refund) to once the transaction committed. */
interface Handoff {
  masters: string[];
  conversionId: string;
  programId: string;
}

/**
 * Turns one conversion crediting the partner into ledger facts, in one transaction: a
 * commissionable event becomes this partner's commission lines (computeCommissions under the
 * program's current plan and hold config) with a `commission_created` entry each, and the IB
 * overrides its masters earn on it commissions of the masters; a refund or chargeback reverses
 * this partner's commissions of its original and the overrides its masters earned on it. After
 * the commit each of those masters' hold workflows is told, and for a master the conversion does
 * not credit this answers the overrides it holds, so that workflow holds and releases them.
 * Idempotent: a retry, or the same signal twice, answers the first result and writes nothing more.
 */
export function createCommissionRecordingActivities({ prisma }: { prisma: PrismaClient }) {
  async function record(request: RecordCommissionsRequest): Promise<RecordedConversion> {
    const asOf = new Date(request.asOf);
    const eventIds: string[] = [];
    const handoff: Handoff = { masters: [], conversionId: request.conversionId, programId: '' };
    const recorded = await prisma.$transaction(async (tx): Promise<RecordedConversion> => {
      const conversion: Loaded | null = await tx.conversion.findUnique({ where: { id: request.conversionId }, include: { shares: true } });
      if (!conversion) {
        throw ApplicationFailure.nonRetryable(`conversion ${request.conversionId} does not exist`, NonRetryableFailure.NOT_FOUND);
      }
      handoff.programId = conversion.programId;
      const base = { conversionId: conversion.id, created: [], reversed: [] };
      const share = partnerShareOf(conversion.shares, request.partnerId);
      if (!share) return overridesOfMaster(tx, conversion, request.partnerId, asOf, eventIds);
      const configs = await loadCommissionConfigs(tx, conversion.programId);

      if (conversion.refersToId) {
        const reversed = await reverseCommissionsOf(tx, { reversal: conversion, partnerId: request.partnerId, hold: configs.hold, asOf });
        eventIds.push(...(await recordDomainEvents(tx, commissionReversedEvents(reversed, conversion, request.partnerId, asOf))));
        const overrides = await reverseIbOverrides(tx, { reversal: conversion, subPartnerId: request.partnerId, hold: configs.hold, asOf });
        eventIds.push(...overrides.eventIds);
        handoff.masters = await mastersEarningOn(tx, conversion.refersToId, request.partnerId);
        const ofMasters = overrides.reversed.length > 0 ? `, and ${overrides.reversed.length} IB override(s) of its masters` : '';
        const note = reversed.length === 0
          ? `${conversion.type} ${conversion.id}: partner ${request.partnerId} has no commission of ${conversion.refersToId} left to reverse${ofMasters}`
          : `${conversion.type} ${conversion.id} reversed ${reversed.length} commission(s) of ${conversion.refersToId}${ofMasters}`;
        return { ...base, outcome: reversed.length === 0 ? 'nothing_to_do' : 'reversed', note, reversed };
      }

      // Its own commissions, not the overrides a sub-IB credited on the same conversion earned it.
      if ((await tx.commission.count({ where: { conversionId: conversion.id, partnerId: request.partnerId, kind: { not: 'ib_override' } } })) > 0) {
        const earlier = await recordedCommissionsOf(tx, conversion.id, request.partnerId);
        handoff.masters = await mastersEarningOn(tx, conversion.id, request.partnerId);
        return { ...base, outcome: 'created', note: `already recorded: ${earlier.length} commission(s) for ${conversion.type} ${conversion.id}`, created: earlier };
      }

      let computation;
      let upline;
      try {
        const pricing = await commissionInputFor(tx, conversion, request.partnerId, share, configs);
        computation = computeCommissions(pricing.input);
        upline = pricing.upline;
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
      // Notification triggers: a milestone bonus earned, and commissions held for review because the conversion is flagged.
      const held = createdRows.filter((row) => created.some((commission) => commission.commissionId === row.id && commission.review !== null));
      const triggers = [
        ...milestoneAchievedEvents(createdRows),
        ...(held.length > 0 ? [trafficQualityFlaggedEvent(conversion, request.partnerId, flagsOf(conversion), held, asOf)] : []),
      ];
      eventIds.push(...(await recordDomainEvents(tx, triggers)));
      const overrides = await recordIbOverrides(tx, { conversion, subPartnerId: request.partnerId, computation, upline, configs, asOf });
      eventIds.push(...overrides.eventIds);
      // A refund processed before its original (a late handoff) reversed nothing then: apply it now.
      const laterReversals = await tx.conversion.findMany({
        where: { refersToId: conversion.id, shares: { some: { partnerId: request.partnerId } } },
        orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }],
      });
      for (const reversal of laterReversals) {
        const reversed = await reverseCommissionsOf(tx, { reversal, partnerId: request.partnerId, hold: configs.hold, asOf });
        eventIds.push(...(await recordDomainEvents(tx, commissionReversedEvents(reversed, reversal, request.partnerId, asOf))));
        eventIds.push(...(await reverseIbOverrides(tx, { reversal, subPartnerId: request.partnerId, hold: configs.hold, asOf })).eventIds);
      }
      handoff.masters = await mastersEarningOn(tx, conversion.id, request.partnerId);
      const current = laterReversals.length === 0 ? created : await recordedCommissionsOf(tx, conversion.id, request.partnerId);
      const skipped = [
        ...computation.skipped.filter((skip) => skip.partnerId === request.partnerId).map((skip) => `${skip.ruleId}: ${skip.reason}`),
        ...overrides.skipped,
      ];
      const ofMasters = overrides.count > 0 ? `; ${overrides.count} IB override(s) for its masters ${handoff.masters.join(', ')}` : '';
      return {
        ...base,
        outcome: current.length === 0 ? 'nothing_to_do' : 'created',
        note: `${current.length} commission(s) for ${conversion.type} ${conversion.id}${ofMasters}${skipped.length ? `; skipped ${skipped.join(', ')}` : ''}`,
        created: current,
      };
    }, LEDGER_TRANSACTION);
    await dispatchDomainEventsFromActivity(eventIds);
    await signalMasterHolds(handoff.masters, handoff.conversionId, handoff.programId);
    return recorded;
  }

  return {
    recordCommissionsForConversion: (request: RecordCommissionsRequest): Promise<RecordedConversion> => record(request),
  };
}
