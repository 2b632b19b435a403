import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { pageSchema, paginationQuerySchema } from '../common/http/pagination';

const timestamp = z.iso.datetime();

export const CREATIVE_KINDS = ['banner', 'landing_page', 'copy', 'video', 'other'] as const;
export const CREATIVE_STATUSES = ['draft', 'published', 'deprecated'] as const;

export const creativeKindSchema = z.enum(CREATIVE_KINDS);
export const creativeStatusSchema = z.enum(CREATIVE_STATUSES);

/** Partners open it from the notice and their dashboard: only a secure link is offered to them. */
const assetUrlSchema = z
  .url({ protocol: /^https$/, error: 'must be an https URL (https://…)' })
  .max(2000)
  .describe('where the asset (or landing page) is: https only');

export const createCreativeSchema = z
  .object({
    title: z.string().trim().min(1, 'is required').max(200),
    kind: creativeKindSchema,
    url: assetUrlSchema,
    description: z.string().trim().max(2000).optional(),
    publish: z.boolean().default(false).describe('publish at once (partners are notified); otherwise stored as a draft'),
  })
  .strict();
export class CreateCreativeDto extends createZodDto(createCreativeSchema) {}
export type CreateCreative = z.infer<typeof createCreativeSchema>;

export const deprecateCreativeSchema = z
  .object({ reason: z.string().trim().min(1).max(500).optional().describe('why partners should stop using it') })
  .strict();
export class DeprecateCreativeDto extends createZodDto(deprecateCreativeSchema) {}

export const creativeListQuerySchema = paginationQuerySchema.extend({ status: creativeStatusSchema.optional() });
export class CreativeListQueryDto extends createZodDto(creativeListQuerySchema) {}
export type CreativeListQuery = z.infer<typeof creativeListQuerySchema>;
export class MyCreativesQueryDto extends createZodDto(paginationQuerySchema) {}

export const creativeSchema = z.object({
  id: z.string().describe('crv_… id'),
  programId: z.string(),
  title: z.string(),
  kind: creativeKindSchema,
  url: z.string(),
  description: z.string().nullable(),
  status: creativeStatusSchema,
  publishedAt: timestamp.nullable(),
  deprecated: z.object({ at: timestamp, reason: z.string().nullable() }).nullable().describe('set once partners should stop using it'),
  createdBy: z.string().describe('the operator key that created it'),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export class CreativeDto extends createZodDto(creativeSchema) {}
export class CreativePageDto extends createZodDto(pageSchema(creativeSchema)) {}

/** What a partner sees: the asset, not who made it or its history. */
export const partnerCreativeSchema = creativeSchema.pick({ id: true, title: true, kind: true, url: true, description: true, publishedAt: true });
export class PartnerCreativePageDto extends createZodDto(pageSchema(partnerCreativeSchema)) {}

export class ProgramCreativesParamsDto extends createZodDto(z.object({ programId: z.string().min(1).max(64) })) {}
export class CreativeIdParamsDto extends createZodDto(z.object({ creativeId: z.string().min(1).max(64) })) {}
