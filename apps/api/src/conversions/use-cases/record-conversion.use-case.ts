import { Injectable } from '@nestjs/common';
import type { ConversionSource, Prisma } from '@partnerflow/db';
import { conversionCreatedEvent } from '@partnerflow/activities';
import { allocate, isReversal, newId, type ConversionReport } from '@partnerflow/domain';
import { PartnerActivityNotifier } from '../../partners/partner-activity.notifier';
import { VisitorIpHasher } from '../../tracking/visitor-ip-hasher';
import { CachedAttributionSettings } from '../cached-attribution-settings';
import { CommissionHandoff } from '../commission-handoff';
import { ConversionAmounts } from '../conversion-amounts';
import { ConversionBatches, conversionKeys } from '../conversion-batches';
import { ConversionsRepository, type ConversionWithShares } from '../conversions.repository';
import { CreditDecider } from '../credit-decider';
import { FraudAssessor, velocityWindow } from '../fraud-assessor';
import { clickWindow, couponKey } from '../touch-collector';
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
 * stored with its shares and its outbox event in one statement, and — when it credits partners —
 * announced to their lifecycle workflows, and handed to each credited partner's commission hold
 * workflow. The round trips are shared with the reports ingested at the same moment
 * (ConversionBatches); reports that depend on each other are decided one after the other.
 */
@Injectable()
export class RecordConversionUseCase {
  constructor(
    private readonly conversions: ConversionsRepository,
    private readonly batches: ConversionBatches,
    private readonly settings: CachedAttributionSettings,
    private readonly amounts: ConversionAmounts,
    private readonly credit: CreditDecider,
    private readonly fraud: FraudAssessor,
    private readonly hasher: VisitorIpHasher,
    private readonly activity: PartnerActivityNotifier,
    private readonly handoff: CommissionHandoff,
    private readonly metrics: ApiMetrics,
    private readonly background: BackgroundWork,
  ) {}

  async execute(programId: string, source: ConversionSource, report: ConversionReport): Promise<RecordedConversion> {
    const ipHash = this.hasher.hash(report.ip);
    const recorded = await this.batches.inSequence(conversionKeys(programId, report, ipHash), () => this.record(programId, source, report, ipHash));
    this.metrics.conversions.inc({ type: report.type, source, outcome: recorded.repeat ? 'duplicate' : 'created' });
    return recorded;
  }

  private async record(programId: string, source: ConversionSource, report: ConversionReport, ipHash: string | null): Promise<RecordedConversion> {
    const conversionAt = report.occurredAt ? new Date(report.occurredAt) : new Date();
    const { config, version } = await this.settings.forProgram(programId);
    const reversal = isReversal(report.type);
    const clicks = clickWindow(config, conversionAt);
    // Reversals raise no flags, so they need no velocity counts.
    const velocity = reversal ? null : velocityWindow(conversionAt);
    const facts = await this.batches.facts({
      programId,
      externalId: report.externalId,
      type: report.type,
      clickId: report.clickId ?? null,
      couponKey: report.couponCode ? couponKey(report.couponCode) : null,
      customerId: reversal ? null : (report.customerId ?? null),
      refersTo: reversal ? (report.refersTo ?? null) : null,
      clickSince: clicks.since,
      clickUntil: clicks.until,
      countSince: velocity?.since ?? null,
      countUntil: velocity?.until ?? null,
      ipHash,
    });
    if (facts.existing) return { conversion: facts.existing, repeat: true };

    const original = reversal ? this.amounts.originalOf(report, facts.original) : null;
    const amount = original ? this.amounts.reversal(original, report) : this.amounts.ofReport(report);
    const decision = this.credit.decide({ programId, config, configVersion: version, report, conversionAt, original }, facts);
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
          facts,
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
    const conversion = await this.batches.store({
      conversion: row,
      shares,
      customer: decision.outcome === 'attributed' && leader ? { partnerId: leader.partnerId, conversionId: id, attributedAt: conversionAt } : undefined,
      // conversion.created, in the same statement as the conversion (the outbox).
      event: { id: newId('domainEvent'), input: conversionCreatedEvent(row, shares) },
    });
    // Null: another api replica stored the same report first.
    if (!conversion) return (await this.firstRecorded(programId, report)) ?? this.vanished(report);
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
