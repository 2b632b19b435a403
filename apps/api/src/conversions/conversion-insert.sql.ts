import { Prisma } from '@partnerflow/db';
import type { NewConversion, NewCustomerAttribution, NewShare } from './conversions.repository';

const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));
/** bigint[] travels as text and is cast back by PostgreSQL: exact, whatever the driver does with bigint arrays. */
const bigintText = (value: bigint | null) => (value === null ? null : value.toString());

/**
 * One statement for the whole conversion: the row (or nothing, when its business key exists),
 * its shares and the customer's first partner, each insert fed by the one before. Data-modifying
 * CTEs run together in one snapshot, so it is atomic without a transaction round trip.
 * `event` is the outbox row's CTE (conversion.created), fed by `inserted` too.
 */
export function insertConversionStatement(c: NewConversion, shares: NewShare[], customer?: NewCustomerAttribution, event?: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    WITH inserted AS (
      INSERT INTO conversions (id, program_id, type, external_id, source, occurred_at, click_id, coupon_code, customer_id,
        customer_email_hash, ip_hash, visitor_id, amount_minor, currency, lines, sub1, sub2, sub3, sub4, sub5, refers_to_id,
        partner_id, attribution_outcome, attribution_model, attribution_config_version, attribution, fraud_flags, flagged, commission_status)
      VALUES (${c.id}, ${c.programId}, ${c.type}::"ConversionType", ${c.externalId}, ${c.source}::"ConversionSource", ${c.occurredAt},
        ${c.clickId}, ${c.couponCode}, ${c.customerId}, ${c.customerEmailHash}, ${c.ipHash}, ${c.visitorId},
        ${bigintText(c.amountMinor)}::bigint, ${c.currency}, ${json(c.lines)}::jsonb, ${c.sub1}, ${c.sub2}, ${c.sub3}, ${c.sub4}, ${c.sub5},
        ${c.refersToId}, ${c.partnerId}, ${c.attributionOutcome}::"AttributionOutcome", ${c.attributionModel}, ${c.attributionConfigVersion},
        ${json(c.attribution)}::jsonb, ${json(c.fraudFlags)}::jsonb, ${c.flagged}, ${c.commissionStatus}::"ConversionCommissionStatus")
      ON CONFLICT (program_id, external_id, type) DO NOTHING
      RETURNING id, received_at
    ), shares AS (
      INSERT INTO conversion_shares (conversion_id, touch_id, touch_kind, partner_id, share_ppm, amount_minor)
      SELECT inserted.id, s.touch_id, s.touch_kind::"TouchKind", s.partner_id, s.share_ppm, s.amount_minor::bigint
      FROM inserted, unnest(${shares.map((s) => s.touchId)}::text[], ${shares.map((s) => s.touchKind)}::text[],
        ${shares.map((s) => s.partnerId)}::text[], ${shares.map((s) => s.sharePpm)}::int[],
        ${shares.map((s) => bigintText(s.amountMinor))}::text[]) AS s(touch_id, touch_kind, partner_id, share_ppm, amount_minor)
    ), customer AS (
      INSERT INTO customer_attributions (program_id, customer_id, partner_id, conversion_id, attributed_at)
      SELECT ${c.programId}::text, ${c.customerId}::text, ${customer?.partnerId ?? null}::text, inserted.id, ${customer?.attributedAt ?? null}::timestamptz
      FROM inserted WHERE ${customer !== undefined && c.customerId !== null}::boolean
      ON CONFLICT DO NOTHING
    )${event ?? Prisma.empty}
    SELECT received_at AS "receivedAt" FROM inserted`;
}
