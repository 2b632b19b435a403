import { maskTin } from './tax-identifiers';
import { canonicalJson, type TaxProfileRecord } from './tax-profile.storage';

/**
 * What the audit log keeps of a tax profile change. The log is append-only and cannot forget, so
 * it holds no names, addresses or TINs: the form type, the masked main TIN, and which fields
 * changed — enough to see who changed what and when, the values themselves stay in the profile.
 */
export function taxProfileAuditSummary(record: TaxProfileRecord): Record<string, string | boolean | null> {
  return {
    formType: record.formType,
    usPerson: record.usPerson,
    country: record.country,
    tin: maskTin(record.tinType, record.tinLast4),
    signedAt: record.signedAt.toISOString(),
  };
}

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

/** Names of the form's parts that differ (each TIN under its own name: tin, usTin, foreignTin), sorted. */
export function changedTaxProfileFields(next: TaxProfileRecord, current: TaxProfileRecord | null): string[] {
  const parts = (record: TaxProfileRecord): Record<string, unknown> => {
    const { secrets, fields, address, signedAt, tinType, tinLast4: _lastFour, ...columns } = record;
    const typeOf = (name: string) => (name === 'tin' ? tinType : (fields[name] as { type?: string } | undefined)?.type);
    const tins = Object.fromEntries(Object.entries(secrets).map(([name, value]) => [name, { type: typeOf(name), value }]));
    return { ...fields, ...columns, address, signedAt: signedAt.toISOString(), ...tins };
  };
  const after = parts(next);
  const before = current ? parts(current) : {};
  const names = new Set([...Object.keys(after), ...Object.keys(before)]);
  return [...names].filter((name) => !same(after[name], before[name])).sort();
}
