import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

const rows = z.array(z.record(z.string(), z.unknown()));

export const partnerExportSchema = z.object({
  exportedAt: z.iso.datetime(),
  partnerId: z.string(),
  program: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
  profile: z.record(z.string(), z.unknown()).describe('the partner record as stored'),
  links: rows,
  clicks: z.object({ total: z.number().int(), byLink: rows }).describe('a summary: visitors\' data is not the partner\'s'),
  conversions: rows.describe("the partner's credited shares, without the customers' identifiers"),
  commissions: rows,
  ledger: rows,
  payouts: rows,
  messages: rows,
  taxProfile: z.record(z.string(), z.unknown()).nullable().describe('without the encrypted TIN (its last 4 digits are included)'),
  payoutMethod: z.record(z.string(), z.unknown()).nullable(),
  sessions: rows,
  auditEntries: rows.describe('about the partner or its records, or made by it'),
  other: z.record(z.string(), rows).describe('rows of any other table that names the partner'),
});
export class PartnerExportDto extends createZodDto(partnerExportSchema) {}

export const erasureSchema = z.object({
  partnerId: z.string(),
  erased: z.literal(true),
  alreadyErased: z.boolean().describe('an earlier request erased it: nothing changed now'),
  erasedAt: z.iso.datetime(),
  fields: z.array(z.string()).describe('what was overwritten'),
});
export class ErasureDto extends createZodDto(erasureSchema) {}
