/**
 * Rows as JSON can carry them: bigints (money in minor units, counts) as decimal strings, dates as
 * ISO text, bytes as base64, so the export is lossless and needs no float anywhere.
 */
export function jsonSafe(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value && typeof value === 'object') {
    // Prisma.Decimal and similar carry their exact value in toString/toJSON.
    if (typeof (value as { toJSON?: unknown }).toJSON === 'function' && !(value.constructor === Object)) return (value as { toJSON(): unknown }).toJSON();
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, jsonSafe(item)]));
  }
  return value;
}

export const jsonRows = (rows: readonly object[]) => rows.map((row) => jsonSafe(row) as Record<string, unknown>);
