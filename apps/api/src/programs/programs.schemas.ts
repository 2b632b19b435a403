import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { pageSchema, paginationQuerySchema } from '../common/http/pagination';

export const programSlugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, 'use 1–64 lower-case letters, digits and hyphens, e.g. "acme-partners"')
  .describe('unique, URL-safe name; accepted wherever a program id is');

export const createProgramSchema = z
  .object({
    slug: programSlugSchema,
    name: z.string().trim().min(1, 'is required').max(200).describe('shown to partners, e.g. in emails'),
  })
  .strict();
export class CreateProgramDto extends createZodDto(createProgramSchema) {}

export const programSchema = z
  .object({
    id: z.string().describe('prg_… id'),
    slug: z.string(),
    name: z.string(),
    createdAt: z.iso.datetime(),
  });
export class ProgramDto extends createZodDto(programSchema) {}
export class ProgramPageDto extends createZodDto(pageSchema(programSchema)) {}
export class ProgramListQueryDto extends createZodDto(paginationQuerySchema) {}

export const programRefSchema = z.string().min(1).describe('program id (prg_…) or slug');
export class ProgramRefParamsDto extends createZodDto(z.object({ programId: programRefSchema })) {}

export const postbackSecretSchema = z.object({
  programId: z.string(),
  secret: z.string().describe('shown only now: send it as `token=` on postbacks, `Authorization: Bearer` on events, or sign with it (HMAC-SHA256)'),
});
export class PostbackSecretDto extends createZodDto(postbackSecretSchema) {}
