import type { FraudConfig } from './fraud-config.schema';
import type { FraudFacts, FraudFlag } from './fraud-flag.schema';
import { findIpRange, parseIpRanges } from './ip-range';
import { matchSelfReferral, type SelfReferralMatch } from './self-referral';

/**
 * The fraud signals of one conversion being ingested, in FRAUD_FLAG_CODES order. Pure: the api
 * gathers the facts and stores whatever comes back as review flags on the conversion.
 */
export function evaluateFraudSignals(facts: FraudFacts, config: FraudConfig): FraudFlag[] {
  const checks = [selfReferral, fastConversion, ipVelocity, deviceVelocity, conversionSpike, listedIpRange];
  return checks.flatMap((check) => check(facts, config) ?? []);
}

type FraudCheck = (facts: FraudFacts, config: FraudConfig) => FraudFlag | undefined;

const SELF_REFERRAL_WORDING: Record<SelfReferralMatch, string> = {
  email: "email is the partner's own",
  ip: 'IP is one the partner has used',
  'email and ip': "email and IP are the partner's own",
};

const selfReferral: FraudCheck = ({ customer, partner }) => {
  const matchedOn = matchSelfReferral(customer, partner);
  if (!matchedOn) return undefined;
  return { code: 'self_referral', message: `The customer's ${SELF_REFERRAL_WORDING[matchedOn]}.`, evidence: { matchedOn } };
};

const fastConversion: FraudCheck = ({ conversionAt, winningClickAt }, { minClickToConversionSeconds: minimum }) => {
  if (!winningClickAt || minimum === 0) return undefined;
  const seconds = (conversionAt.getTime() - winningClickAt.getTime()) / 1000;
  if (seconds >= minimum) return undefined;
  const when = seconds < 0 ? `${-seconds} s before its winning click` : `${seconds} s after its winning click`;
  return {
    code: 'fast_conversion',
    message: `Converted ${when}; anything under ${minimum} s is reviewed.`,
    evidence: { secondsAfterClick: seconds, minClickToConversionSeconds: minimum },
  };
};

/** More than `maximum` conversions in 24 hours, counting this one, from one source. */
function velocityFlag(
  code: 'ip_velocity' | 'device_velocity',
  source: string,
  others: number | undefined,
  maximum: number,
): FraudFlag | undefined {
  if (others === undefined || others + 1 <= maximum) return undefined;
  const count = others + 1;
  return {
    code,
    message: `${count} conversions from this ${source} in 24 hours; more than ${maximum} is suspicious.`,
    evidence: { conversionsLast24h: count, maxPerDay: maximum },
  };
}

const ipVelocity: FraudCheck = (facts, config) =>
  velocityFlag('ip_velocity', 'customer IP', facts.conversionsFromIpLast24h, config.maxConversionsPerIpPerDay);

const deviceVelocity: FraudCheck = (facts, config) =>
  velocityFlag('device_velocity', 'device', facts.conversionsFromDeviceLast24h, config.maxConversionsPerDevicePerDay);

/**
 * A partner's day against its own history. Days with fewer than `minConversions` are never a
 * spike. Without a baseline (less than a day of history before the last 24 hours) there is
 * nothing to compare, so reaching `minConversions` alone flags: a brand-new partner converting
 * that much on day one is worth a look. A baseline with no conversions makes any such day a spike.
 */
const conversionSpike: FraudCheck = (facts, { spike }) => {
  const { partnerConversionsLast24h: others, partnerConversionsBaseline: baseline } = facts;
  if (others === undefined || baseline === undefined || others + 1 < spike.minConversions) return undefined;
  const count = others + 1;
  const evidence = { conversionsLast24h: count, baselineDays: baseline.days, baselineConversions: baseline.count };
  if (baseline.days < 1) {
    return {
      code: 'conversion_spike',
      message: `${count} conversions in 24 hours with no baseline yet (under a day of earlier history); ${spike.minConversions} or more is reviewed.`,
      evidence: { ...evidence, minConversions: spike.minConversions },
    };
  }
  // Cross-multiplied so that "exactly factor × average" is decided without rounding.
  if (count * baseline.days <= spike.factor * baseline.count) return undefined;
  const dailyAverage = Math.round((baseline.count / baseline.days) * 100) / 100;
  return {
    code: 'conversion_spike',
    message: `${count} conversions in 24 hours against a daily average of ${dailyAverage} over the previous ${baseline.days} days (more than ${spike.factor}×).`,
    evidence: { ...evidence, dailyAverage, factor: spike.factor },
  };
};

/** The click's range was judged at redirect time; the conversion's raw IP is judged here. */
const listedIpRange: FraudCheck = ({ customer, clickFromListedRange }, { listedIpRanges }): FraudFlag | undefined => {
  const range = customer.ip ? findIpRange(customer.ip, parseIpRanges(listedIpRanges)) : undefined;
  if (!range) {
    if (!clickFromListedRange) return undefined;
    const message = 'The winning click came from a listed data-centre or anonymising IP range.';
    return { code: 'listed_ip_range', message, evidence: { source: 'click' } };
  }
  const source = clickFromListedRange ? 'click and conversion' : 'conversion';
  const clickToo = clickFromListedRange ? ', and the winning click came from a listed range too' : '';
  return {
    code: 'listed_ip_range',
    message: `The customer's IP is in the listed data-centre or anonymising range ${range.cidr}${clickToo}.`,
    evidence: { source, range: range.cidr },
  };
};
