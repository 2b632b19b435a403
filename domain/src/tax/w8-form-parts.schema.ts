import { z } from 'zod';
import { formText } from './tax-form-parts.schema';
import { foreignTinProblem, normaliseForeignTin, normaliseUsTin, usTinProblem } from './tax-identifiers';

/** What a W-8BEN and a W-8BEN-E both collect about identification numbers. */

/** A foreign (residence-country) TIN; stored upper-cased and encrypted, never returned. */
export const foreignTinSchema = z
  .string()
  .superRefine((value, ctx) => {
    const problem = foreignTinProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform(normaliseForeignTin);

/** An optional US TIN on a W-8 (SSN/ITIN for individuals, EIN for entities), when the owner has one. */
export const w8UsTinSchema = (types: readonly ('ssn' | 'itin' | 'ein')[]) =>
  z
    .object({ type: z.enum(types as ['ssn' | 'itin' | 'ein']), value: z.string() })
    .strict()
    .superRefine((tin, ctx) => {
      const problem = usTinProblem(tin.type, tin.value);
      if (problem) ctx.addIssue({ code: 'custom', path: ['value'], message: problem });
    })
    .transform((tin) => ({ type: tin.type, value: normaliseUsTin(tin.value) }));

export const foreignTinFields = {
  foreignTin: foreignTinSchema.optional().describe('the TIN issued by the country of residence'),
  foreignTinNotRequired: z.boolean().default(false).describe('the country does not legally require the owner to have a TIN'),
  foreignTinMissingReason: formText(500).optional().describe('why no foreign TIN is given, when one would be required'),
};

/** A foreign TIN, or a box ticked / a reason saying why there is none (W-8BEN lines 6a–6c). */
export function checkForeignTin(
  form: { foreignTin?: string; foreignTinNotRequired: boolean; foreignTinMissingReason?: string },
  ctx: z.RefinementCtx,
): void {
  if (!form.foreignTin && !form.foreignTinNotRequired && !form.foreignTinMissingReason) {
    ctx.addIssue({
      code: 'custom',
      path: ['foreignTin'],
      message: 'is required unless foreignTinNotRequired is true or foreignTinMissingReason explains its absence',
    });
  }
}
