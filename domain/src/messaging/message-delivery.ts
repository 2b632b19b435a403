import { PartnerIdAttribute, ProgramIdAttribute, WorkflowKindAttribute } from '../workflows/search-attributes';

/**
 * The durable delivery of one posted message (its rows on each channel): a workflow per post,
 * `message-delivery-<postId>`, so a second start for the same post is refused and nothing is sent
 * twice. It waits until `notBefore` (quiet hours), puts held inbox rows in the inbox, and sends
 * the email rows through the idempotent email activity.
 */
/** A thread a post opens, as stored (times as ISO strings: it travels in workflow inputs). */
export interface MessageThreadRecord {
  id: string;
  programId: string;
  partnerId: string;
  uplinePartnerId: string | null;
  subject: string;
  linkType: string | null;
  linkId: string | null;
  startedByType: 'operator' | 'partner' | 'system';
  startedById: string;
}

/** One row of a post: the message on one channel to one recipient. */
export interface MessageRowRecord {
  id: string;
  postId: string;
  threadId: string;
  programId: string;
  partnerId: string;
  channel: 'inbox' | 'email';
  senderType: 'operator' | 'partner' | 'system';
  senderId: string;
  recipient: string;
  recipientType: 'operator' | 'partner';
  template: string;
  subject: string;
  bodyText: string;
  bodyHtml: string;
  status: 'queued' | 'delivered';
  deliveredAt: string | null;
  idempotencyKey: string;
  linkType: string | null;
  linkId: string | null;
  createdAt: string;
}

/**
 * A post to record: the api starts the delivery with it before writing it, and writes it too; the
 * workflow's first step writes it again (a no-op by the rows' keys). Whichever runs first, the
 * post exists — a crash between the two never leaves an email recorded but never sent.
 */
export interface MessagePostRecord {
  thread: MessageThreadRecord | null;
  rows: MessageRowRecord[];
}

export interface MessageDeliveryInput {
  postId: string;
  /** Set by the api: the post is recorded by the workflow too. */
  record?: MessagePostRecord;
  programId: string;
  partnerId: string;
  inboxMessageIds: string[];
  emailMessageIds: string[];
  /** ISO time: nothing goes out before it. */
  notBefore?: string;
}

export interface MessageDeliveryResult {
  delivered: string[];
  sent: string[];
  failed: string[];
}

export const messageDeliveryWorkflowId = (postId: string): string => `message-delivery-${postId}`;

/** Start options shared by the api and the activities that start deliveries. */
export function messageDeliveryStart(input: MessageDeliveryInput) {
  return {
    workflowId: messageDeliveryWorkflowId(input.postId),
    args: [input] as [MessageDeliveryInput],
    typedSearchAttributes: [
      { key: PartnerIdAttribute, value: input.partnerId },
      { key: ProgramIdAttribute, value: input.programId },
      { key: WorkflowKindAttribute, value: 'message-delivery' },
    ],
  };
}

/** Does the post need the workflow at all: an email to send, or inbox rows held back. */
export const needsDeliveryWorkflow = (input: MessageDeliveryInput): boolean => input.emailMessageIds.length > 0 || input.inboxMessageIds.length > 0;
