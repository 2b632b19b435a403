import type { Message, Partner } from '@partnerflow/db';
import type { z } from 'zod';
import type { messageSchema, partnerSchema } from './partners.schemas';

/** Maps rows to the shapes the API promises; dates leave as ISO strings. */
export function partnerView(partner: Partner): z.infer<typeof partnerSchema> {
  return {
    id: partner.id,
    programId: partner.programId,
    name: partner.name,
    email: partner.email,
    country: partner.country,
    website: partner.website,
    channels: partner.channels,
    audienceSize: partner.audienceSize,
    partnerType: partner.type,
    referrerPartnerId: partner.referrerPartnerId,
    stage: partner.stage,
    stageChangedAt: partner.stageChangedAt.toISOString(),
    workflowId: partner.workflowId,
    applicationNumber: partner.applicationNumber,
    createdAt: partner.createdAt.toISOString(),
  };
}

export function messageView(message: Message): z.infer<typeof messageSchema> {
  return {
    id: message.id,
    channel: message.channel,
    senderType: message.senderType,
    recipient: message.recipient,
    recipientType: message.recipientType,
    template: message.template,
    subject: message.subject,
    bodyText: message.bodyText,
    status: message.status,
    attempts: message.attempts,
    smtpMessageId: message.smtpMessageId,
    lastError: message.lastError,
    workflowId: message.workflowId,
    step: message.step,
    link: message.linkType && message.linkId ? { type: message.linkType, id: message.linkId } : null,
    createdAt: message.createdAt.toISOString(),
    sentAt: message.sentAt?.toISOString() ?? null,
  };
}
