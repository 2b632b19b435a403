import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import type { OperatorRole } from '@partnerflow/db';
import { pageSchema, paginationQuerySchema } from '../common/http/pagination';

const OPERATOR_ROLES = ['admin', 'manager', 'finance', 'compliance', 'viewer'] as const satisfies readonly OperatorRole[];

export const operatorRoleSchema = z
  .enum(OPERATOR_ROLES)
  .describe('admin: everything, keys included; manager: partners, configs, messages; finance: payouts, statements, tax; compliance: audit, broadcasts, export/erasure; viewer: read-only');

export const createApiKeySchema = z
  .object({
    name: z.string().trim().min(1, 'is required').max(100).describe('who or what uses the key, e.g. "finance team" or "BI export"'),
    role: operatorRoleSchema,
  })
  .strict();
export class CreateApiKeyDto extends createZodDto(createApiKeySchema) {}

export const apiKeySchema = z.object({
  id: z.string().describe('key_… id (the actor id in the audit log)'),
  name: z.string(),
  role: operatorRoleSchema,
  prefix: z.string().describe('the first characters of the key, to recognise it; never the secret'),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable().describe('updated at most once a minute'),
  revokedAt: z.iso.datetime().nullable(),
});
export class ApiKeyDto extends createZodDto(apiKeySchema) {}
export class ApiKeyPageDto extends createZodDto(pageSchema(apiKeySchema)) {}
export class ApiKeyListQueryDto extends createZodDto(paginationQuerySchema) {}

export const createdApiKeySchema = apiKeySchema.extend({
  key: z.string().describe('the secret, shown only now (only its SHA-256 is stored): send it as `Authorization: Bearer <key>`'),
});
export class CreatedApiKeyDto extends createZodDto(createdApiKeySchema) {}

export class ApiKeyParamsDto extends createZodDto(z.object({ keyId: z.string().min(1).max(100).describe('key_… id') })) {}
