import type { AttributionOutcome, ConversionShare, CustomerAttribution, TouchKind } from '@partnerflow/db';
import { attribute, isCreditingStage, type AttributionConfig, type AttributionResult, type Touch } from '@partnerflow/domain';
import type { ConversionWithShares, PartnerFacts } from './conversions.repository';

/** What a decision copies from an earlier conversion: its id, how it was decided and its shares. */
type DecidedConversion = Pick<ConversionWithShares, 'id' | 'attributionModel'> & { shares: Pick<ConversionShare, 'touchId' | 'touchKind' | 'partnerId' | 'sharePpm'>[] };
/** A reversal's original, as inheritCredit needs it. */
type ReversedConversion = DecidedConversion & Pick<ConversionWithShares, 'type' | 'externalId' | 'attributionConfigVersion'>;

const DAY_MS = 86_400_000;

export interface DecidedShare {
  touchId: string;
  touchKind: TouchKind;
  partnerId: string;
  sharePpm: number;
}

/** Who gets the credit and the explanation stored with the conversion (GET /v1/conversions/:id). */
export interface CreditDecision {
  outcome: AttributionOutcome;
  model: string | null;
  shares: DecidedShare[];
  explanation: {
    summary: string;
    model: string | null;
    configVersion: number | null;
    candidates: AttributionResult['candidates'];
    notes: string[];
    recurring?: { conversionId: string; partnerId: string; attributedAt: string; windowDays: number };
    reverses?: { conversionId: string; externalId: string; type: string };
  };
}

const copyShares = (shares: DecidedConversion['shares']): DecidedShare[] =>
  shares.map(({ touchId, touchKind, partnerId, sharePpm }) => ({ touchId, touchKind, partnerId, sharePpm }));

/** A refund or chargeback takes back from exactly the partners the original credited, in the same proportions. */
export function inheritCredit(original: ReversedConversion, notes: string[]): CreditDecision {
  const shares = copyShares(original.shares);
  return {
    outcome: shares.length > 0 ? 'inherited' : 'unattributed',
    model: original.attributionModel,
    shares,
    explanation: {
      summary:
        shares.length > 0
          ? `Reverses ${original.type} ${original.externalId} (${original.id}): charged back to the partners it credited, in the same shares.`
          : `Reverses ${original.type} ${original.externalId} (${original.id}), which credited no partner.`,
      model: original.attributionModel,
      configVersion: original.attributionConfigVersion,
      candidates: [],
      notes,
      reverses: { conversionId: original.id, externalId: original.externalId, type: original.type },
    },
  };
}

/**
 * A returning customer stays with the partner(s) who first won them for the recurring window:
 * the original conversion's shares are repeated, unless no partner in them is still in good standing.
 */
export function recurringCredit(
  customer: CustomerAttribution,
  original: DecidedConversion | null,
  partners: Map<string, PartnerFacts>,
  config: AttributionConfig,
  conversionAt: Date,
  configVersion: number | null,
): CreditDecision | null {
  if (!original || config.recurringWindowDays === 0) return null;
  const ageDays = (conversionAt.getTime() - customer.attributedAt.getTime()) / DAY_MS;
  if (ageDays < 0 || ageDays > config.recurringWindowDays) return null;
  const shares = copyShares(original.shares);
  const inGoodStanding = (partnerId: string) => {
    const stage = partners.get(partnerId)?.stage;
    return stage !== undefined && isCreditingStage(stage);
  };
  if (shares.length === 0 || !shares.every((share) => inGoodStanding(share.partnerId))) return null;
  return {
    outcome: 'recurring',
    model: original.attributionModel,
    shares,
    explanation: {
      summary:
        `Recurring customer: first attributed by ${original.id} on ${customer.attributedAt.toISOString().slice(0, 10)}, ` +
        `${Math.floor(ageDays)} days ago, within the ${config.recurringWindowDays}-day recurring window; credit stays with the same partner(s).`,
      model: original.attributionModel,
      configVersion,
      candidates: [],
      notes: [],
      recurring: {
        conversionId: original.id,
        partnerId: customer.partnerId,
        attributedAt: customer.attributedAt.toISOString(),
        windowDays: config.recurringWindowDays,
      },
    },
  };
}

/** The program's model over the collected touches. */
export function modelCredit(config: AttributionConfig, configVersion: number | null, touches: Touch[], conversionAt: Date, notes: string[]): CreditDecision {
  const result = attribute({ config, conversionAt, touches });
  return {
    outcome: result.outcome,
    model: result.model,
    shares: result.shares.map((share) => ({ touchId: share.touchId, touchKind: share.kind, partnerId: share.partnerId, sharePpm: share.sharePpm })),
    explanation: { summary: result.summary, model: result.model, configVersion, candidates: result.candidates, notes },
  };
}
