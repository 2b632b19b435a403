import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { notificationRuleSetSchema, updateNotificationPreferencesSchema } from '@partnerflow/domain';

export class UpdatePreferencesDto extends createZodDto(updateNotificationPreferencesSchema) {}
export class NotificationRuleSetDto extends createZodDto(notificationRuleSetSchema) {}

export class PreferencesDto extends createZodDto(
  z.object({
    partnerId: z.string(),
    preferences: z.array(
      z.object({
        kind: z.string(),
        category: z.string(),
        mandatory: z.boolean().describe('compliance and payout notices: always sent'),
        description: z.string(),
        enabled: z.boolean(),
        channels: z.array(z.enum(['inbox', 'email'])).nullable().describe('null: the rule\'s channels'),
        updatedAt: z.iso.datetime().nullable(),
        updatedBy: z.string().nullable(),
      }),
    ),
  }),
) {}

export class RuleSetVersionDto extends createZodDto(
  z.object({
    programId: z.string(),
    version: z.number().int().describe('0: the defaults (seed 003\'s trigger table), until a version is saved'),
    document: notificationRuleSetSchema,
    createdBy: z.string().nullable(),
    createdAt: z.iso.datetime().nullable(),
  }),
) {}
