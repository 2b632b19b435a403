import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { createWebhookEndpointSchema, DOMAIN_EVENT_NAMES, webhookDisablePolicySchema, webhookRetryPolicySchema } from '@partnerflow/domain';
import { pageSchema, paginationQuerySchema } from '../common/http/pagination';

const timestamp = z.iso.datetime();

export class CreateWebhookEndpointDto extends createZodDto(createWebhookEndpointSchema) {}

export const webhookEndpointSchema = z.object({
  id: z.string().describe('whe_… id'),
  programId: z.string(),
  url: z.string(),
  description: z.string().nullable(),
  events: z.array(z.enum(DOMAIN_EVENT_NAMES)),
  enabled: z.boolean(),
  alertEmails: z.array(z.string()),
  retry: webhookRetryPolicySchema,
  disable: webhookDisablePolicySchema,
  health: z
    .object({
      consecutiveFailures: z.number().int().describe('failed attempts since the last success, over every delivery'),
      failingSince: timestamp.nullable(),
      lastSuccessAt: timestamp.nullable(),
    })
    .describe('what the disable rule watches'),
  disabled: z
    .object({ at: timestamp, reason: z.string().nullable(), notifiedAt: timestamp.nullable() })
    .nullable()
    .describe('set when it was disabled for failing continuously'),
  createdAt: timestamp,
});
export class WebhookEndpointDto extends createZodDto(webhookEndpointSchema) {}
export class WebhookEndpointPageDto extends createZodDto(pageSchema(webhookEndpointSchema)) {}
export class CreatedWebhookEndpointDto extends createZodDto(
  webhookEndpointSchema.extend({
    secret: z.string().describe('whsec_… signing secret (Standard Webhooks): shown once, store it now'),
  }),
) {}

const attemptSchema = z.object({
  attempt: z.number().int(),
  statusCode: z.number().int().nullable(),
  succeeded: z.boolean(),
  latencyMs: z.number().int(),
  error: z.string().nullable(),
  attemptedAt: timestamp,
});

export const webhookDeliverySchema = z.object({
  id: z.string().describe('whd_… id'),
  endpointId: z.string(),
  eventId: z.string().describe('also the webhook-id header: the same on every retry and replay'),
  eventName: z.string(),
  replay: z.number().int().describe('0: the event\'s own delivery; 1, 2…: replays'),
  replayOf: z.string().nullable(),
  status: z.enum(['pending', 'succeeded', 'failed', 'cancelled']),
  attempts: z.number().int(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: timestamp.nullable(),
  completedAt: timestamp.nullable(),
  workflowId: z.string(),
  createdAt: timestamp,
  attemptLog: z.array(attemptSchema).describe('every attempt, oldest first'),
});
export class WebhookDeliveryPageDto extends createZodDto(pageSchema(webhookDeliverySchema)) {}

export const deliveryListQuerySchema = paginationQuerySchema.extend({
  status: z.enum(['pending', 'succeeded', 'failed', 'cancelled']).optional(),
});
export class DeliveryListQueryDto extends createZodDto(deliveryListQuerySchema) {}
export type DeliveryListQuery = z.infer<typeof deliveryListQuerySchema>;
export class EndpointListQueryDto extends createZodDto(paginationQuerySchema) {}

export class ReplayAcceptedDto extends createZodDto(
  z.object({
    deliveryId: z.string().describe('the new delivery'),
    replayOf: z.string(),
    workflowId: z.string(),
  }),
) {}

export class ProgramWebhooksParamsDto extends createZodDto(z.object({ programId: z.string().min(1).max(64) })) {}
export class ProgramWebhookParamsDto extends createZodDto(z.object({ programId: z.string().min(1).max(64), webhookId: z.string().min(1).max(64) })) {}
export class WebhookIdParamsDto extends createZodDto(z.object({ webhookId: z.string().min(1).max(64) })) {}
export class DeliveryIdParamsDto extends createZodDto(z.object({ deliveryId: z.string().min(1).max(64) })) {}
