import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { localeSchema, previewTemplateSchema, saveTemplateSchema, templateKeySchema } from '@partnerflow/domain';
import { pageSchema } from '../common/http/pagination';

export class SaveTemplateDto extends createZodDto(saveTemplateSchema) {}
export class PreviewTemplateDto extends createZodDto(previewTemplateSchema) {}
export class TemplateParamsDto extends createZodDto(z.object({ programId: z.string().min(1), key: templateKeySchema })) {}
export class TemplateQueryDto extends createZodDto(z.object({ locale: localeSchema.default('en') })) {}
export class TemplateVersionsQueryDto extends createZodDto(
  z.object({
    locale: localeSchema.default('en'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.coerce.number().int().positive().optional().describe('the last version of the previous page'),
  }),
) {}

export const templateVersionSchema = z
  .object({
    id: z.string().nullable().describe('null for a built-in template'),
    programId: z.string(),
    key: z.string(),
    locale: z.string(),
    version: z.number().int().describe('0: the built-in template, used until the program saves one'),
    subject: z.string(),
    format: z.enum(['text', 'markdown']),
    body: z.string(),
    variables: z.record(z.string(), z.string()),
    createdBy: z.string().nullable(),
    createdAt: z.iso.datetime().nullable(),
  });
export class TemplateVersionDto extends createZodDto(templateVersionSchema) {}
export class TemplateVersionPageDto extends createZodDto(pageSchema(templateVersionSchema)) {}

export class TemplateListDto extends createZodDto(
  z.object({ items: z.array(z.object({ key: z.string(), locale: z.string(), latestVersion: z.number().int(), updatedAt: z.iso.datetime() })) }),
) {}

export class TemplatePreviewDto extends createZodDto(
  z.object({
    key: z.string(),
    locale: z.string(),
    source: z.enum(['draft', 'saved', 'built_in']),
    version: z.number().int().nullable(),
    subject: z.string(),
    text: z.string(),
    html: z.string().describe('every variable HTML-escaped'),
  }),
) {}
