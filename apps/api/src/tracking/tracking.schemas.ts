import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { pageSchema } from '../common/http/pagination';

export const SUB_ID_KEYS = ['sub1', 'sub2', 'sub3', 'sub4', 'sub5'] as const;
export type SubIdKey = (typeof SUB_ID_KEYS)[number];
export type SubIds = Partial<Record<SubIdKey, string>>;

/** Partner-chosen tags (placement, creative…) a click carries into reports; 255 characters at most. */
export const SUB_ID_MAX_LENGTH = 255;
const subIdSchema = z.string().trim().min(1).max(SUB_ID_MAX_LENGTH);

export const createLinkSchema = z
  .object({
    destination: z
      .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
      .max(2000)
      .describe("where the link leads; its host must be on the program's allowed domains (attribution config)"),
    campaign: z.string().trim().min(1).max(100).optional().describe('free-form campaign name'),
    subIds: z
      .object({
        sub1: subIdSchema.optional(),
        sub2: subIdSchema.optional(),
        sub3: subIdSchema.optional(),
        sub4: subIdSchema.optional(),
        sub5: subIdSchema.optional(),
      })
      .strict()
      .optional()
      .describe('default sub1–sub5 of every click; `?sub1=…` on the link overrides them per click'),
  })
  .strict();
export class CreateLinkDto extends createZodDto(createLinkSchema) {}

export const linkCreatedSchema = z.object({
  linkId: z.string().describe('lnk_… id'),
  slug: z.string(),
  url: z.string().describe('the tracking URL to share: <base>/r/<slug>'),
  destination: z.string().describe('the destination, normalized'),
});
export class LinkCreatedDto extends createZodDto(linkCreatedSchema) {}

export const linkSchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    url: z.string(),
    partnerId: z.string(),
    programId: z.string(),
    destination: z.string(),
    campaign: z.string().nullable(),
    subIds: z.object({
      sub1: z.string().nullable(),
      sub2: z.string().nullable(),
      sub3: z.string().nullable(),
      sub4: z.string().nullable(),
      sub5: z.string().nullable(),
    }),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Link' });
export class LinkPageDto extends createZodDto(pageSchema(linkSchema)) {}
