import { Injectable } from '@nestjs/common';
import type { AttributionConfig, ConversionReport } from '@partnerflow/domain';
import type { IngestionFacts, ReversibleOriginal } from './conversion-facts.sql';
import type { PartnerFacts } from './conversions.repository';
import { inheritCredit, modelCredit, recurringCredit, type CreditDecision } from './credit-decision';
import { touchesOf } from './touch-collector';

export interface CreditQuestion {
  programId: string;
  config: AttributionConfig;
  configVersion: number | null;
  report: ConversionReport;
  conversionAt: Date;
  /** Set for a refund or chargeback: the conversion it takes back. */
  original: ReversibleOriginal | null;
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
 * program's attribution model decides over the touches. Works on facts already read (the batch's
 * ingestionFacts), so it never waits on the database.
 */
@Injectable()
export class CreditDecider {
  decide(question: CreditQuestion, facts: Pick<IngestionFacts, 'clicks' | 'coupon' | 'partners' | 'customer'>): DecidedCredit {
    const { config, configVersion, report, conversionAt, original } = question;
    const partners = new Map(facts.partners.map((partner) => [partner.id, partner]));
    const collected = touchesOf(report, conversionAt, facts.clicks, facts.coupon, partners);
    const base = { visitorId: collected.visitorId, partners: collected.partners, clickFromListedRange: false };
    if (original) return { ...inheritCredit(original, collected.notes), ...base };

    const recurring =
      report.customerId && facts.customer
        ? recurringCredit(facts.customer.attribution, facts.customer.first, partners, config, conversionAt, configVersion)
        : null;
    if (recurring) return { ...recurring, ...base };

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
}
