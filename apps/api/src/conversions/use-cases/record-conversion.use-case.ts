import { Injectable } from '@nestjs/common';
import type { ConversionSource, Prisma } from '@partnerflow/db';
import { conversionCreatedEvent, domainEventCte } from '@partnerflow/activities';
import { allocate, isReversal, newId, type ConversionReport } from '@partnerflow/domain';
import { PartnerActivityNotifier } from '../../partners/partner-activity.notifier';
import { VisitorIpHasher } from '../../tracking/visitor-ip-hasher';
import { DomainEventDispatcher } from '../../webhooks/domain-event-dispatcher';
import { CachedAttributionSettings } from '../cached-attribution-settings';
import { CommissionHandoff } from '../commission-handoff';
import { ConversionAmounts } from '../conversion-amounts';
import { ConversionsRepository, type ConversionWithShares } from '../conversions.repository';
import { CreditDecider } from '../credit-decider';
import { FraudAssessor } from '../fraud-assessor';
import { ApiMetrics } from '../../metrics/api-metrics';
import { BackgroundWork } from '../../common/background-work';

export interface RecordedConversion {
  conversion: ConversionWithShares;
  /** True when this (program, externalId, type) was already recorded: nothing new was written. */
  repeat: boolean;
}

/**
 * One conversion, from either door (merchant event or S2S postback): deduplicated by
 * (program, externalId, type), attributed at ingestion with its explanation, checked for fraud,
 * stored with its shares in one transaction, and — when it credits partners — announced to their
 * lifecycle workflows, and handed to each credited partner's commission hold workflow.
 */
@Injectable()
export class RecordConversionUseCase {
  constructor(
    private readonly conversions: ConversionsRepository,
    private readonly settings: CachedAttributionSettings,
    private readonly amounts: ConversionAmounts,
    private readonly credit: CreditDecider,
    private readonly fraud: FraudAssessor,
    private readonly hasher: VisitorIpHasher,
    private readonly activity: PartnerActivityNotifier,
    private readonly handoff: CommissionHandoff,
    private readonly events: DomainEventDispatcher,
    private readonly metrics: ApiMetrics,
    private readonly background: BackgroundWork,
  ) {}

  async execute(programId: string, source: ConversionSource, report: ConversionReport): Promise<RecordedConversion> {
    const recorded = await this.record(programId, source, report);
    this.metrics.conversions.inc({ type: report.type, source, outcome: recorded.repeat ? 'duplicate' : 'created' });
    return recorded;
  }

  private async record(programId: string, source: ConversionSource, report: ConversionReport): Promise<RecordedConversion> {
    const repeat = await this.firstRecorded(programId, report);
    if (repeat) return repeat;

    const conversionAt = report.occurredAt ? new Date(report.occurredAt) : new Date();
    const { config, version } = await this.settings.forProgram(programId);
    const original = isReversal(report.type) ? await this.amounts.originalOf(programId, report) : null;
    const amount = original ? await this.amounts.reversal(original, report) : this.amounts.ofReport(report);
    const decision = await this.credit.decide({ programId, config, configVersion: version, report, conversionAt, original });
    const ipHash = this.hasher.hash(report.ip);
    const leader = decision.shares.reduce<(typeof decision.shares)[number] | undefined>(
      (best, share) => (!best || share.sharePpm > best.sharePpm ? share : best),
      undefined,
    );
    const flags = original
      ? []
      : await this.fraud.assess(
          {
            programId,
            conversionAt,
            customer: { email: report.customerEmail, ip: report.ip, ipHash },
            visitorId: decision.visitorId,
            partner: leader ? decision.partners.get(leader.partnerId) : undefined,
            winningClickAt: decision.winningClickAt,
            clickFromListedRange: decision.clickFromListedRange,
          },
          config.fraud,
        );
    const shareAmounts = amount.minor === null || decision.shares.length === 0 ? null : allocate(amount.minor, decision.shares.map((share) => share.sharePpm));

    const id = newId('conversion');
    const row = {
      id,
      programId,
      type: report.type,
      externalId: report.externalId,
      source,
      occurredAt: conversionAt,
      clickId: report.clickId ?? null,
      couponCode: report.couponCode ?? null,
      customerId: report.customerId ?? null,
      customerEmailHash: report.customerEmail ? this.hasher.hash(`email:${report.customerEmail.trim().toLowerCase()}`) : null,
      ipHash,
      visitorId: decision.visitorId,
      amountMinor: amount.minor,
      currency: amount.currency,
      lines: report.lines ?? null,
      ...subIdColumns(report),
      refersToId: original?.id ?? null,
      partnerId: leader?.partnerId ?? null,
      attributionOutcome: decision.outcome,
      attributionModel: decision.model,
      attributionConfigVersion: decision.explanation.configVersion,
      // Plain JSON: strings, numbers, booleans, arrays and objects only.
      attribution: decision.explanation as unknown as Prisma.JsonObject,
      fraudFlags: flags as unknown as Prisma.JsonArray,
      flagged: flags.length > 0,
      commissionStatus: decision.shares.length > 0 ? ('pending' as const) : ('not_applicable' as const),
    };
    const shares = decision.shares.map((share, index) => ({ ...share, amountMinor: shareAmounts?.[index] ?? null }));
    // conversion.created, in the same statement as the conversion (the outbox).
    const event = domainEventCte('event', 'inserted', conversionCreatedEvent(row, shares));
    const conversion = await this.conversions.insert(
      row,
      shares,
      decision.outcome === 'attributed' && leader ? { partnerId: leader.partnerId, conversionId: id, attributedAt: conversionAt } : undefined,
      event.sql,
    );
    // Null: the same report arrived twice at once and the other request stored it first.
    if (!conversion) return (await this.firstRecorded(programId, report)) ?? this.vanished(report);
    // Off the request's path, but finished before the api closes its Temporal connection.
    this.background.run('dispatching conversion.created', () => this.events.dispatch([event.id]));
    if (decision.shares.length > 0) {
      const partnerIds = decision.shares.map((share) => share.partnerId);
      this.background.run('handing the conversion to commissions', () => this.handoff.handOver({ id, programId, partnerIds }));
    }
    if (!original && decision.shares.length > 0) {
      const occurrences = decision.shares.map((share) => ({ partnerId: share.partnerId, at: conversionAt, sourceId: id }));
      this.background.run('signalling the first conversion', () => this.activity.notifyFirst('first_conversion', occurrences));
    }
    return { conversion, repeat: false };
  }

  private async firstRecorded(programId: string, report: ConversionReport): Promise<RecordedConversion | null> {
    const id = await this.conversions.existingId(programId, report.externalId, report.type);
    const conversion = id ? await this.conversions.findById(id) : null;
    return conversion ? { conversion, repeat: true } : null;
  }

  private vanished(report: ConversionReport): never {
    throw new Error(`conversion ${report.type} ${report.externalId} conflicted on insert but cannot be read back`);
  }
}

const subIdColumns = (report: ConversionReport) => ({
  sub1: report.subIds?.sub1 ?? null,
  sub2: report.subIds?.sub2 ?? null,
  sub3: report.subIds?.sub3 ?? null,
  sub4: report.subIds?.sub4 ?? null,
  sub5: report.subIds?.sub5 ?? null,
});
