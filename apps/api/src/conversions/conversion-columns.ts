import type { Conversion } from '@partnerflow/db';

/** How a column travels: inside a JSON batch into statements (text where JSON has no exact form), and as JSON out of them. */
type Kind = 'text' | 'int' | 'boolean' | 'timestamp' | 'bigint' | 'json';

type Column = readonly [field: keyof Conversion, name: string, kind: Kind, cast?: string];

/** Every column of `conversions` (the Prisma model's fields), the one list the ingestion statements are built from. */
export const CONVERSION_COLUMNS: readonly Column[] = [
  ['id', 'id', 'text'],
  ['programId', 'program_id', 'text'],
  ['type', 'type', 'text', '"ConversionType"'],
  ['externalId', 'external_id', 'text'],
  ['source', 'source', 'text', '"ConversionSource"'],
  ['occurredAt', 'occurred_at', 'timestamp'],
  ['receivedAt', 'received_at', 'timestamp'],
  ['clickId', 'click_id', 'text'],
  ['couponCode', 'coupon_code', 'text'],
  ['customerId', 'customer_id', 'text'],
  ['customerEmailHash', 'customer_email_hash', 'text'],
  ['ipHash', 'ip_hash', 'text'],
  ['visitorId', 'visitor_id', 'text'],
  ['amountMinor', 'amount_minor', 'bigint'],
  ['currency', 'currency', 'text'],
  ['lines', 'lines', 'json'],
  ['sub1', 'sub1', 'text'],
  ['sub2', 'sub2', 'text'],
  ['sub3', 'sub3', 'text'],
  ['sub4', 'sub4', 'text'],
  ['sub5', 'sub5', 'text'],
  ['refersToId', 'refers_to_id', 'text'],
  ['partnerId', 'partner_id', 'text'],
  ['attributionOutcome', 'attribution_outcome', 'text', '"AttributionOutcome"'],
  ['attributionModel', 'attribution_model', 'text'],
  ['attributionConfigVersion', 'attribution_config_version', 'int'],
  ['attribution', 'attribution', 'json'],
  ['fraudFlags', 'fraud_flags', 'json'],
  ['flagged', 'flagged', 'boolean'],
  ['commissionStatus', 'commission_status', 'text', '"ConversionCommissionStatus"'],
];

/** The columns an insert writes: all but received_at (the database's clock). */
export const INSERTED_COLUMNS = CONVERSION_COLUMNS.filter(([field]) => field !== 'receivedAt');

// A JSON column travels as the JSON it is: as a string inside the batch's JSON, each one was
// escaped a second time here and parsed twice by PostgreSQL (the attribution's explanation is most
// of a conversion's bytes).
const TRAVEL_TYPE: Record<Kind, string> = { text: 'text', int: 'int', boolean: 'boolean', timestamp: 'timestamptz', bigint: 'text', json: 'jsonb' };

/** The type a column's values travel in (bigint as text: exact, whatever JSON does with large numbers). */
export const travelTypeOf = ([, , kind]: Column): string => TRAVEL_TYPE[kind];

/** `alias.column` cast back from its travel type to the column's type. */
export function castFrom(alias: string, [, name, kind, cast]: Column): string {
  const back = cast ?? (kind === 'bigint' ? 'bigint' : undefined);
  return back ? `${alias}.${name}::${back}` : `${alias}.${name}`;
}

/** A column's value of one conversion as it travels into a statement. */
export function valueOf(conversion: Partial<Conversion>, [field, , kind]: Column): unknown {
  const value = conversion[field];
  if (value === null || value === undefined) return null;
  if (kind === 'timestamp') return (value as Date).toISOString();
  if (kind === 'bigint') return (value as bigint).toString();
  return value;
}

/** SQL for a stored conversion as one JSON object keyed by field name (bigint as text); read back with conversionFromJson. */
export function conversionJsonSql(alias: string): string {
  return `json_build_object(${CONVERSION_COLUMNS.map(([field, name, kind]) => `'${field}', ${alias}.${name}${kind === 'bigint' ? '::text' : ''}`).join(', ')})`;
}

/** A conversion from conversionJsonSql's object: the same values Prisma would answer. */
export function conversionFromJson(doc: Record<string, unknown>): Conversion {
  const conversion: Record<string, unknown> = {};
  for (const [field, , kind] of CONVERSION_COLUMNS) {
    const value = doc[field] ?? null;
    conversion[field] = value === null ? null : kind === 'timestamp' ? new Date(value as string) : kind === 'bigint' ? BigInt(value as string) : value;
  }
  return conversion as unknown as Conversion;
}
