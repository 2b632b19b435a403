import type { PartnerType } from '../../partners/partner.schema';
import type { AttributionConfig, AttributionModel } from '../attribution-config.schema';

/** Shares are integer parts per million of the conversion, so they add up exactly. */
export const SHARE_SCALE = 1_000_000;

export type TouchKind = 'click' | 'coupon';

/** Something a partner did that may earn a conversion: a click on their link or their coupon at checkout. */
export interface Touch {
  /** Click id or coupon id; expected unique within one conversion's touches. */
  id: string;
  kind: TouchKind;
  partnerId: string;
  partnerType: PartnerType;
  /** Click time; for a coupon, the conversion time. */
  at: Date;
  /** False for bot clicks and for clicks of paused or terminated partners: listed, never credited. */
  creditable: boolean;
  /** Shown as the reason when `creditable` is false ("bot click", "partner terminated"). */
  nonCreditableReason?: string;
}

export interface AttributionInput {
  config: AttributionConfig;
  conversionAt: Date;
  touches: readonly Touch[];
}

/** One input touch as the engine judged it. */
export interface CandidateTouch {
  touchId: string;
  kind: TouchKind;
  partnerId: string;
  /** ISO 8601 time of the touch. */
  at: string;
  /** Whether the model weighed this touch (creditable, in the window, not set aside by coupon precedence). */
  counted: boolean;
  sharePpm: number;
  /** Why it earned what it earned, with the numbers, for an affiliate manager. */
  reason: string;
}

export interface AttributionShare {
  touchId: string;
  kind: TouchKind;
  partnerId: string;
  sharePpm: number;
}

export interface AttributionResult {
  model: AttributionModel;
  outcome: 'attributed' | 'unattributed';
  /** Touches with sharePpm > 0, in time order; they sum to exactly SHARE_SCALE when attributed; [] when unattributed. */
  shares: AttributionShare[];
  /** Every input touch, in time order (ties by touch id), with why it did or did not earn a share. */
  candidates: CandidateTouch[];
  /** One or two sentences for an operator. */
  summary: string;
}
