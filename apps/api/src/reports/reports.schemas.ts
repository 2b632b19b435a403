import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { moneyViewSchema, REPORT_GROUPINGS, REPORT_NAMES, reportQuerySchema } from '@partnerflow/domain';
import { programRefSchema } from '../programs/programs.schemas';

export class ReportParamsDto extends createZodDto(
  z.object({
    programId: programRefSchema,
    name: z.string().min(1).describe(`one of ${REPORT_NAMES.join(', ')}`),
  }),
) {}

export class ReportQueryDto extends createZodDto(reportQuerySchema) {}

const cellSchema = z.union([z.string(), z.number(), z.null(), moneyViewSchema]);
const rowSchema = z.record(z.string(), cellSchema);
const columnSchema = z.object({
  key: z.string(),
  kind: z.enum(['text', 'date', 'count', 'money', 'rate', 'days', 'ratio']).describe('money: { amount, currency } (a decimal in CSV); rate and ratio: numbers to 4 and 2 places'),
  description: z.string(),
});

export const reportSchema = z.object({
  report: z.enum(REPORT_NAMES),
  programId: z.string(),
  definition: z.string().describe('what is counted, in one sentence'),
  from: z.iso.datetime().describe('inclusive'),
  to: z.iso.datetime().describe('exclusive'),
  groupBy: z.enum(REPORT_GROUPINGS),
  currency: z.string().describe("the program currency (its commission plan's): every amount is in it"),
  asOf: z.iso.datetime().describe('the earlier of `to` and now: what "so far" and "still in the window" are measured at'),
  generatedAt: z.iso.datetime(),
  columns: z.array(columnSchema),
  rows: z.array(rowSchema).describe('under day, week or month every period of the range, in order; otherwise one row per group found'),
  totals: rowSchema.nullable().describe('the same figures over the whole range'),
  trend: z.object({ columns: z.array(columnSchema), rows: z.array(rowSchema) }).optional().describe('cohorts: cohort × calendar month'),
  notes: z.array(z.string()).describe('what a reader must know to trust the figures: exclusions, substitutions'),
});
export class ReportDto extends createZodDto(reportSchema) {}
