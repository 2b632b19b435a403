import { Injectable } from '@nestjs/common';
import type { AttributionConfig, ConversionReport } from '@partnerflow/domain';
import { ConversionsRepository, type ConversionWithShares, type PartnerFacts } from './conversions.repository';
import { inheritCredit, modelCredit, recurringCredit, type CreditDecision } from './credit-decision';
import { TouchCollector } from './touch-collector';

export interface CreditQuestion {
  programId: string;
  config: AttributionConfig;
  configVersion: number | null;
  report: ConversionReport;
  conversionAt: Date;
  /** Set for a refund or chargeback: the conversion it takes back. */
  original: ConversionWithShares | null;
}

export interface DecidedCredit extends CreditDecision {
  visitorId: string | null;
  partners: Map<string, PartnerFacts>;
  /** The credited click with the largest share, for the click-to-conversion time check. */
  winningClickAt?: Date;
  clickFromListedRange: boolean;
}

/**
 * Decides who gets a conversion's credit, in this order: a reversal follows its original; a
 * returning customer stays with their first partner(s) within the recurring window; otherwise the
 * program's attribution model decides over the touches.
 */
@Injectable()
export class CreditDecider {
  constructor(
    private readonly conversions: ConversionsRepository,
    private readonly touchCollector: TouchCollector,
  ) {}

  async decide(question: CreditQuestion): Promise<DecidedCredit> {
    const { programId, config, configVersion, report, conversionAt, original } = question;
    const collected = await this.touchCollector.collect(programId, config, report, conversionAt);
    const base = { visitorId: collected.visitorId, partners: collected.partners, clickFromListedRange: false };
    if (original) return { ...inheritCredit(original, collected.notes), ...base };

    const recurring = await this.recurring(question, collected.partners);
    if (recurring) return { ...recurring.decision, ...base, partners: recurring.partners };

    const decision = modelCredit(config, configVersion, collected.touches, conversionAt, collected.notes);
    const clickShares = decision.shares.filter((share) => share.touchKind === 'click');
    const winningClick = clickShares.sort((a, b) => b.sharePpm - a.sharePpm)[0];
    const winningTouch = winningClick && collected.touches.find((touch) => touch.id === winningClick.touchId);
    return {
      ...decision,
      ...base,
      winningClickAt: winningTouch?.at,
      clickFromListedRange: clickShares.some((share) => collected.listedRangeClickIds.has(share.touchId)),
    };
  }

  private async recurring(question: CreditQuestion, known: Map<string, PartnerFacts>) {
    if (!question.report.customerId) return null;
    const customer = await this.conversions.customerAttribution(question.programId, question.report.customerId);
    if (!customer) return null;
    const first = await this.conversions.findById(customer.conversionId);
    const missing = (first?.shares ?? []).map((share) => share.partnerId).filter((id) => !known.has(id));
    const partners = new Map(known);
    for (const partner of await this.conversions.partners(missing)) partners.set(partner.id, partner);
    const decision = recurringCredit(customer, first, partners, question.config, question.conversionAt, question.configVersion);
    return decision ? { decision, partners } : null;
  }
}
