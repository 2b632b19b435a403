import { z } from 'zod';
import { domainEventNameSchema } from '../events/domain-event';
import { webhookDisablePolicySchema, webhookRetryPolicySchema } from './webhook-policy';

/** http(s) only: the worker POSTs to it. */
const endpointUrlSchema = z
  .url('must be an http(s) URL')
  .max(2_000)
  .refine((value) => /^https?:\/\//i.test(value), 'must be an http(s) URL');

export const createWebhookEndpointSchema = z
  .object({
    url: endpointUrlSchema,
    events: z
      .array(domainEventNameSchema)
      .min(1, 'name at least one event')
      .max(50)
      .refine((names) => new Set(names).size === names.length, 'lists an event twice'),
    description: z.string().trim().min(1).max(500).optional(),
    enabled: z.boolean().default(true),
    alertEmails: z
      .array(z.email('must be an email address').max(320))
      .max(20)
      .default([])
      .describe('told when the endpoint is disabled for failing; empty: the program\'s reviewers'),
    retry: webhookRetryPolicySchema.optional(),
    disable: webhookDisablePolicySchema.optional(),
  })
  .strict();

export type CreateWebhookEndpoint = z.infer<typeof createWebhookEndpointSchema>;

/** Workflow id of one delivery (an event to an endpoint, or a replay of it). */
export const webhookDeliveryWorkflowId = (deliveryId: string): string => `webhook-${deliveryId}`;
