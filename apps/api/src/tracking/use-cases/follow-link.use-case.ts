import { Injectable } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  isBotUserAgent,
  isCreditableClick,
  isIpInRanges,
  isLinkSlug,
  newId,
  parseIpRanges,
  withQueryParam,
  type IpRange,
  type PartnerStage,
} from '@partnerflow/domain';
import { ApiMetrics } from '../../metrics/api-metrics';
import { AttributionSettings } from '../attribution-settings';
import { ClickRecorder } from '../click-recorder';
import { FirstClickSignals } from '../first-click-signals';
import { TrackingRepository } from '../tracking.repository';
import { SUB_ID_KEYS, type SubIds } from '../tracking.schemas';
import { TtlLruCache } from '../ttl-lru-cache';
import { visitorCookieName, visitorIdOf } from '../visitor-id';
import { VisitorIpHasher } from '../visitor-ip-hasher';

/** How stale a cached link may be: a partner's pause or a new attribution config applies within this. */
export const REDIRECT_CACHE_TTL_MS = 5_000;
const REDIRECT_CACHE_ENTRIES = 10_000;
const SECONDS_PER_DAY = 86_400;

/** What the request tells about the visit (headers already read by the caller). */
export interface Visit {
  ip: string | undefined;
  userAgent: string | undefined;
  referrer: string | undefined;
  country: string | null;
  /** sub1–sub5 from the query string; each overrides the link's default. */
  subIds: SubIds;
  /** The raw Cookie header: the visitor cookie's name depends on the link's program. */
  cookieHeader?: string;
}

export interface RedirectCookie {
  name: string;
  value: string;
  maxAgeSeconds: number;
}

export interface Redirect {
  location: string;
  clickId: string;
  /** The click cookie, then the visitor cookie; both live for the attribution window. */
  cookies: [click: RedirectCookie, visitor: RedirectCookie];
}

/** Everything a redirect needs, cached per slug. */
interface RedirectTarget {
  linkId: string;
  partnerId: string;
  programId: string;
  destination: string;
  subDefaults: SubIds;
  partnerStage: PartnerStage;
  clickIdParam: string;
  cookieName: string;
  maxAgeSeconds: number;
  /** The program's listed data-centre / anonymising ranges (attribution config, fraud.listedIpRanges). */
  listedRanges: IpRange[];
}

/**
 * A visitor follows `/r/:slug`: the click is recorded (see ClickRecorder for when the redirect
 * waits) and the visitor is sent on with the click id in the query and in a cookie, plus a visitor
 * cookie that ties the browser's clicks together. Paused or terminated partners' links keep
 * working; their clicks and bots' clicks earn no credit.
 */
@Injectable()
export class FollowLinkUseCase {
  private readonly targets = new TtlLruCache<string, RedirectTarget | null>({
    maxEntries: REDIRECT_CACHE_ENTRIES,
    ttlMs: REDIRECT_CACHE_TTL_MS,
  });

  constructor(
    private readonly tracking: TrackingRepository,
    private readonly attribution: AttributionSettings,
    private readonly recorder: ClickRecorder,
    private readonly ipHasher: VisitorIpHasher,
    private readonly firstClicks: FirstClickSignals,
    private readonly metrics: ApiMetrics,
  ) {}

  async execute(slug: string, visit: Visit): Promise<Redirect> {
    const target = isLinkSlug(slug) ? await this.targets.get(slug, (key) => this.loadTarget(key)) : null;
    if (!target) throw new DomainError(ErrorCode.NOT_FOUND, `there is no link /r/${slug}`);

    const clickId = newId('click');
    const visitorId = visitorIdOf(visit.cookieHeader, target.cookieName, clickId);
    const isBot = isBotUserAgent(visit.userAgent);
    const creditable = isCreditableClick(target.partnerStage, isBot);
    const subId = (key: (typeof SUB_ID_KEYS)[number]) => visit.subIds[key] ?? target.subDefaults[key] ?? null;
    await this.recorder.record({
      id: clickId,
      at: new Date(),
      linkId: target.linkId,
      partnerId: target.partnerId,
      programId: target.programId,
      ipHash: this.ipHasher.hash(visit.ip),
      userAgent: visit.userAgent ?? null,
      referrer: visit.referrer ?? null,
      country: visit.country,
      sub1: subId('sub1'),
      sub2: subId('sub2'),
      sub3: subId('sub3'),
      sub4: subId('sub4'),
      sub5: subId('sub5'),
      isBot,
      creditable,
      visitorId,
      // Judged on the raw address, which is never stored: the conversion side flags it later.
      fromListedRange: target.listedRanges.length > 0 && visit.ip !== undefined && isIpInRanges(visit.ip, target.listedRanges),
    });
    this.metrics.clicks.inc({ outcome: creditable ? 'credited' : isBot ? 'bot' : 'not_credited' });
    return {
      location: withQueryParam(target.destination, target.clickIdParam, clickId),
      clickId,
      cookies: [
        { name: target.cookieName, value: clickId, maxAgeSeconds: target.maxAgeSeconds },
        { name: visitorCookieName(target.cookieName), value: visitorId, maxAgeSeconds: target.maxAgeSeconds },
      ],
    };
  }

  private async loadTarget(slug: string): Promise<RedirectTarget | null> {
    const link = await this.tracking.findLinkBySlug(slug);
    if (!link) return null;
    if (link.partner.firstClickAt) this.firstClicks.alreadyHasFirstClick(link.partnerId);
    // An invalid stored config falls back to the defaults here: a visitor must never hit a dead link.
    const { config } = await this.attribution.forProgram(link.programId);
    return {
      linkId: link.id,
      partnerId: link.partnerId,
      programId: link.programId,
      destination: link.destination,
      subDefaults: Object.fromEntries(SUB_ID_KEYS.flatMap((key) => (link[key] ? [[key, link[key]]] : []))),
      partnerStage: link.partner.stage,
      clickIdParam: config.clickIdParam,
      cookieName: config.cookieName,
      maxAgeSeconds: config.windowDays * SECONDS_PER_DAY,
      listedRanges: parseIpRanges(config.fraud.listedIpRanges),
    };
  }
}
