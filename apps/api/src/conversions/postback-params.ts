import { conversionReportSchema, DomainError, ErrorCode, type ConversionReport, type ErrorDetail } from '@partnerflow/domain';

/**
 * The postback's flat snake_case parameters (what a network fills into a URL template) and the
 * conversion report fields they mean. Parameters not listed are ignored: networks append their
 * own macros.
 */
const FIELD_OF_PARAM = {
  event: 'type',
  external_id: 'externalId',
  click_id: 'clickId',
  coupon: 'couponCode',
  customer_id: 'customerId',
  customer_email: 'customerEmail',
  ip: 'ip',
  amount: 'amount',
  currency: 'currency',
  occurred_at: 'occurredAt',
  refers_to: 'refersTo',
} as const;
const SUB_IDS = ['sub1', 'sub2', 'sub3', 'sub4', 'sub5'] as const;
const PARAM_OF_FIELD: Record<string, string> = Object.fromEntries(Object.entries(FIELD_OF_PARAM).map(([param, field]) => [field, param]));

export type PostbackParams = Record<string, unknown>;

/** The first value of a parameter given once or repeated (`?a=1&a=2`); blank counts as absent. */
function single(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'number') return String(first);
  return typeof first === 'string' && first.trim() !== '' ? first : undefined;
}

/** Validates the parameters as a conversion report; a problem is a 400 naming the parameter. */
export function reportFromPostback(params: PostbackParams): ConversionReport {
  const fields: Record<string, unknown> = {};
  for (const [param, field] of Object.entries(FIELD_OF_PARAM)) {
    const value = single(params[param]);
    if (value !== undefined) fields[field] = value;
  }
  const subIds = Object.fromEntries(SUB_IDS.flatMap((key) => (single(params[key]) ? [[key, single(params[key])]] : [])));
  if (Object.keys(subIds).length > 0) fields.subIds = subIds;
  const parsed = conversionReportSchema.safeParse(fields);
  if (parsed.success) return parsed.data;
  const details: ErrorDetail[] = parsed.error.issues.map((issue) => {
    const [field, ...rest] = issue.path.map(String);
    const param = field === 'subIds' ? rest[0] : (PARAM_OF_FIELD[field] ?? field);
    return { path: param ?? '(query)', message: issue.message };
  });
  throw new DomainError(ErrorCode.VALIDATION_FAILED, 'the postback is invalid', details);
}

/** `a=1&signature=…&b=2` → `a=1&b=2`: the signature cannot sign itself; everything else, as sent. */
export function queryWithoutSignature(rawQuery: string): string {
  return rawQuery
    .split('&')
    .filter((pair) => pair !== '' && !pair.startsWith('signature='))
    .join('&');
}
