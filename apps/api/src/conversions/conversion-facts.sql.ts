import { Prisma, type Coupon, type CustomerAttribution, type PartnerStage, type PartnerType } from '@partnerflow/db';
import { REVERSIBLE_TYPES_BY_PRIORITY, type ConversionType } from '@partnerflow/domain';
import { conversionFromJson, conversionJsonSql } from './conversion-columns';
import { jsonRecordset } from './json-recordset.sql';
import type { ConversionWithShares, NewShare, PartnerFacts, TouchClick } from './conversions.repository';

/** What one report needs read before it can be decided. Null fields skip their lookup. */
export interface FactsQuestion {
  programId: string;
  externalId: string;
  type: ConversionType;
  clickId: string | null;
  /** The coupon code as stored for lookups (upper case). */
  couponKey: string | null;
  /** Only when the report may be a returning customer's (not a refund or chargeback). */
  customerId: string | null;
  /** Only for a refund or chargeback: the original's external id. */
  refersTo: string | null;
  /** The visitor's clicks counted as touches: [since, until]. */
  clickSince: Date;
  clickUntil: Date;
  /** Velocity window for the customer's IP and device, or null when no fraud check runs. */
  countSince: Date | null;
  countUntil: Date | null;
  ipHash: string | null;
}

/** The most clicks of one visitor a conversion is decided over (newest first). */
export const MAX_VISITOR_TOUCHES = 50;

const iso = (at: Date | null) => (at === null ? null : at.toISOString());

/** The questions of a batch, one row each (jsonRecordset). */
const INPUT_COLUMNS =
  'program_id text, external_id text, type text, click_id text, coupon_key text, customer_id text, refers_to text, ' +
  'click_since timestamptz, click_until timestamptz, count_since timestamptz, count_until timestamptz, ip_hash text';

/**
 * Everything a batch of reports needs from the database, in one statement (one round trip for the
 * whole batch; the questions travel as one JSON parameter, jsonRecordset, so the text never
 * changes and is prepared once per connection): per report, in order of `n` — the conversion already stored under
 * its (program, externalId, type), with its shares (a repeat's answer); the reported click and that visitor's other clicks in the window (as the one-at-a-time
 * reads did: the click in the program, and up to 50 of the visitor's clicks, newest first); the
 * coupon; the partners behind all of them; a returning customer's first attribution with that
 * conversion's shares; a reversal's original (by type priority) with what earlier reversals took
 * back; and the customer's IP and device conversion counts for the velocity checks.
 * Timestamps and bigints travel as JSON text and are parsed back by the repository.
 */
export function ingestionFactsStatement(questions: FactsQuestion[]): Prisma.Sql {
  const rows = questions.map((q) => ({
    program_id: q.programId,
    external_id: q.externalId,
    type: q.type,
    click_id: q.clickId,
    coupon_key: q.couponKey,
    customer_id: q.customerId,
    refers_to: q.refersTo,
    click_since: iso(q.clickSince),
    click_until: iso(q.clickUntil),
    count_since: iso(q.countSince),
    count_until: iso(q.countUntil),
    ip_hash: q.ipHash,
  }));
  return Prisma.sql`
    WITH input AS (
      SELECT * FROM ROWS FROM (${jsonRecordset(rows, INPUT_COLUMNS)})
        WITH ORDINALITY AS i(program_id, external_id, type, click_id, coupon_key, customer_id, refers_to, click_since, click_until, count_since, count_until, ip_hash, n)
    )
    SELECT i.n::int AS n,
      existing.doc AS existing,
      touches.clicks,
      coupon.doc AS coupon,
      customer.doc AS customer,
      original.doc AS original,
      coalesce(from_ip.n, 0) AS "fromIp",
      coalesce(from_device.n, 0) AS "fromDevice",
      coalesce(partners.docs, '[]'::json) AS partners
    FROM input i
    LEFT JOIN LATERAL (
      SELECT json_build_object('conversion', ${Prisma.raw(conversionJsonSql('c'))}, 'shares', ${sharesJson(Prisma.sql`c.id`)}) AS doc
      FROM conversions c WHERE c.program_id = i.program_id AND c.external_id = i.external_id AND c.type = i.type::"ConversionType"
    ) existing ON true
    LEFT JOIN LATERAL (SELECT r.visitor_id FROM clicks r WHERE r.id = i.click_id) reported ON true
    LEFT JOIN LATERAL (
      SELECT json_agg(json_build_object('id', t.id, 'at', t.at, 'partnerId', t.partner_id, 'isBot', t.is_bot, 'creditable', t.creditable,
               'visitorId', t.visitor_id, 'fromListedRange', t.from_listed_range)) AS clicks,
             array_agg(DISTINCT t.partner_id) AS partner_ids,
             (array_agg(t.visitor_id) FILTER (WHERE t.id = i.click_id))[1] AS visitor_id
      FROM (
        SELECT r.id, r.at, r.partner_id, r.is_bot, r.creditable, r.visitor_id, r.from_listed_range
        FROM clicks r WHERE r.id = i.click_id AND r.program_id = i.program_id
        UNION
        -- Read from the (visitor_id, at) index, newest first. The program is a filter (IS TRUE is no
        -- index condition), so the (program_id, at) index cannot serve this (see PLAN_SETTINGS).
        (SELECT c.id, c.at, c.partner_id, c.is_bot, c.creditable, c.visitor_id, c.from_listed_range
         FROM clicks c
         WHERE c.visitor_id = reported.visitor_id AND c.at BETWEEN i.click_since AND i.click_until AND (c.program_id = i.program_id) IS TRUE
         ORDER BY c.visitor_id DESC, c.at DESC LIMIT ${MAX_VISITOR_TOUCHES})
      ) t
    ) touches ON true
    LEFT JOIN LATERAL (
      SELECT cp.partner_id, json_build_object('id', cp.id, 'programId', cp.program_id, 'partnerId', cp.partner_id, 'code', cp.code,
               'codeKey', cp.code_key, 'createdAt', cp.created_at, 'disabledAt', cp.disabled_at) AS doc
      FROM coupons cp WHERE cp.program_id = i.program_id AND cp.code_key = i.coupon_key
    ) coupon ON true
    LEFT JOIN LATERAL (
      SELECT ARRAY(SELECT s.partner_id FROM conversion_shares s WHERE s.conversion_id = ca.conversion_id) AS partner_ids,
             json_build_object('partnerId', ca.partner_id, 'conversionId', ca.conversion_id, 'attributedAt', ca.attributed_at,
               'first', (SELECT json_build_object('id', f.id, 'attributionModel', f.attribution_model, 'shares', ${sharesJson(Prisma.sql`f.id`)})
                         FROM conversions f WHERE f.id = ca.conversion_id)) AS doc
      FROM customer_attributions ca WHERE ca.program_id = i.program_id AND ca.customer_id = i.customer_id
    ) customer ON true
    LEFT JOIN LATERAL (
      SELECT json_build_object('id', o.id, 'type', o.type, 'externalId', o.external_id, 'amountMinor', o.amount_minor::text, 'currency', o.currency,
               'attributionModel', o.attribution_model, 'attributionConfigVersion', o.attribution_config_version,
               'shares', ${sharesJson(Prisma.sql`o.id`)},
               'reversedSoFar', (SELECT coalesce(sum(r.amount_minor), 0)::text FROM conversions r WHERE r.refers_to_id = o.id)) AS doc
      FROM conversions o
      WHERE o.program_id = i.program_id AND o.external_id = i.refers_to AND o.type = ANY(${[...REVERSIBLE_TYPES_BY_PRIORITY]}::text[]::"ConversionType"[])
      ORDER BY array_position(${[...REVERSIBLE_TYPES_BY_PRIORITY]}::text[]::"ConversionType"[], o.type)
      LIMIT 1
    ) original ON true
    -- Velocity counts: read by the IP's or the device's index; the program is counted as a filter,
    -- never an index condition, so the (program_id, occurred_at) index cannot serve them.
    LEFT JOIN LATERAL (
      SELECT (count(*) FILTER (WHERE c.program_id = i.program_id))::int AS n FROM conversions c
      WHERE i.ip_hash IS NOT NULL AND i.count_since IS NOT NULL
        AND c.ip_hash = i.ip_hash AND c.occurred_at BETWEEN i.count_since AND i.count_until
    ) from_ip ON true
    LEFT JOIN LATERAL (
      SELECT (count(*) FILTER (WHERE c.program_id = i.program_id))::int AS n FROM conversions c
      WHERE touches.visitor_id IS NOT NULL AND i.count_since IS NOT NULL
        AND c.visitor_id = touches.visitor_id AND c.occurred_at BETWEEN i.count_since AND i.count_until
    ) from_device ON true
    LEFT JOIN LATERAL (
      SELECT json_agg(json_build_object('id', p.id, 'email', p.email, 'type', p.type, 'stage', p.stage,
               'knownIpHashes', p.known_ip_hashes, 'createdAt', p.created_at)) AS docs
      FROM partners p
      WHERE p.id = ANY(coalesce(touches.partner_ids, '{}'::text[]) || coalesce(customer.partner_ids, '{}'::text[]) || coupon.partner_id)
    ) partners ON true
    ORDER BY i.n`;
}

/** A conversion's shares as a JSON array (amounts as text: exact). */
function sharesJson(conversionId: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`coalesce((SELECT json_agg(json_build_object('touchId', s.touch_id, 'touchKind', s.touch_kind, 'partnerId', s.partner_id,
      'sharePpm', s.share_ppm, 'amountMinor', s.amount_minor::text)) FROM conversion_shares s WHERE s.conversion_id = ${conversionId}), '[]'::json)`;
}

/** A refund's or chargeback's original, with what earlier reversals already took back (negative). */
export interface ReversibleOriginal {
  id: string;
  type: ConversionType;
  externalId: string;
  amountMinor: bigint | null;
  currency: string | null;
  attributionModel: string | null;
  attributionConfigVersion: number | null;
  shares: NewShare[];
  reversedSoFar: bigint;
}

/** A returning customer's first partner and the conversion that won them (null when it cannot be read). */
export interface ReturningCustomer {
  attribution: CustomerAttribution;
  first: { id: string; attributionModel: string | null; shares: NewShare[] } | null;
}

/** Everything one report is decided on, read for a whole batch at once (ingestionFactsStatement). */
export interface IngestionFacts {
  /** The conversion already stored under the report's (program, externalId, type): a repeat's answer. */
  existing: ConversionWithShares | null;
  /** The reported click and its visitor's clicks around the window, oldest first. */
  clicks: TouchClick[];
  coupon: Coupon | null;
  /** Partners of the clicks, the coupon and a returning customer's first conversion. */
  partners: PartnerFacts[];
  customer: ReturningCustomer | null;
  original: ReversibleOriginal | null;
  /** The customer's conversions in the velocity window, from its IP and from its device. */
  fromIp: number;
  fromDevice: number;
}

/** One row of ingestionFactsStatement, as the driver answers it (JSON parsed or as text). */
export interface FactsRow {
  n: number;
  existing: unknown;
  clicks: unknown;
  coupon: unknown;
  customer: unknown;
  original: unknown;
  fromIp: number;
  fromDevice: number;
  partners: unknown;
}

type Doc = Record<string, unknown>;
const jsonOf = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;
const dateOf = (value: unknown) => new Date(value as string);
const bigintOf = (value: unknown) => (value === null || value === undefined ? null : BigInt(value as string));
const shareOf = (doc: Doc): NewShare => ({
  touchId: doc.touchId as string,
  touchKind: doc.touchKind as NewShare['touchKind'],
  partnerId: doc.partnerId as string,
  sharePpm: doc.sharePpm as number,
  amountMinor: bigintOf(doc.amountMinor),
});

/** The facts of one report from its row (timestamps and bigints parsed back from their JSON text). */
export function factsFromRow(question: FactsQuestion, row: FactsRow): IngestionFacts {
  const existing = jsonOf<Doc | null>(row.existing);
  const clicks = (jsonOf<Doc[] | null>(row.clicks) ?? []).map(
    (doc): TouchClick => ({
      id: doc.id as string,
      at: dateOf(doc.at),
      partnerId: doc.partnerId as string,
      isBot: doc.isBot as boolean,
      creditable: doc.creditable as boolean,
      visitorId: (doc.visitorId as string | null) ?? null,
      fromListedRange: doc.fromListedRange as boolean,
    }),
  );
  const coupon = jsonOf<Doc | null>(row.coupon);
  const customer = jsonOf<Doc | null>(row.customer);
  const first = (customer?.first as Doc | null | undefined) ?? null;
  const original = jsonOf<Doc | null>(row.original);
  const existingConversion = existing && conversionFromJson(existing.conversion as Doc);
  return {
    existing: existingConversion && {
      ...existingConversion,
      shares: (existing!.shares as Doc[]).map((doc) => ({ ...shareOf(doc), conversionId: existingConversion.id })),
    },
    clicks: clicks.sort((a, b) => a.at.getTime() - b.at.getTime()),
    coupon: coupon && {
      id: coupon.id as string,
      programId: coupon.programId as string,
      partnerId: coupon.partnerId as string,
      code: coupon.code as string,
      codeKey: coupon.codeKey as string,
      createdAt: dateOf(coupon.createdAt),
      disabledAt: coupon.disabledAt == null ? null : dateOf(coupon.disabledAt),
    },
    partners: (jsonOf<Doc[] | null>(row.partners) ?? []).map((doc) => ({
      id: doc.id as string,
      email: doc.email as string,
      type: doc.type as PartnerType,
      stage: doc.stage as PartnerStage,
      knownIpHashes: (doc.knownIpHashes as string[] | null) ?? [],
      createdAt: dateOf(doc.createdAt),
    })),
    customer: customer && {
      attribution: {
        programId: question.programId,
        customerId: question.customerId!,
        partnerId: customer.partnerId as string,
        conversionId: customer.conversionId as string,
        attributedAt: dateOf(customer.attributedAt),
      },
      first: first && {
        id: first.id as string,
        attributionModel: (first.attributionModel as string | null) ?? null,
        shares: (first.shares as Doc[]).map(shareOf),
      },
    },
    original: original && {
      id: original.id as string,
      type: original.type as ConversionType,
      externalId: original.externalId as string,
      amountMinor: bigintOf(original.amountMinor),
      currency: (original.currency as string | null) ?? null,
      attributionModel: (original.attributionModel as string | null) ?? null,
      attributionConfigVersion: (original.attributionConfigVersion as number | null) ?? null,
      shares: (original.shares as Doc[]).map(shareOf),
      reversedSoFar: bigintOf(original.reversedSoFar) ?? 0n,
    },
    fromIp: Number(row.fromIp),
    fromDevice: Number(row.fromDevice),
  };
}
