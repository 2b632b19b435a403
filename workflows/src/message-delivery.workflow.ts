import { ActivityFailure, sleep } from '@temporalio/workflow';
import type { MessageDeliveryInput, MessageDeliveryResult } from '@partnerflow/domain';
import { databaseActivities, emailActivities } from './activity-proxies';

/**
 * Delivers one posted message (`message-delivery-<postId>`). It first makes sure the post is
 * recorded (a post from the api travels in the input, so it exists even if the api stopped right
 * after starting this), waits out the quiet hours it was posted in, puts its held inbox rows in
 * the partner's inbox, then sends its emails one by one through the idempotent email activity (a
 * row already sent is not sent again). An email that fails for good is recorded failed on its
 * row and does not stop the others.
 */
export async function messageDeliveryWorkflow(input: MessageDeliveryInput): Promise<MessageDeliveryResult> {
  const result: MessageDeliveryResult = { delivered: [], sent: [], failed: [] };
  if (input.record) await databaseActivities.recordMessagePost(input.record);
  if (input.notBefore) {
    const wait = Date.parse(input.notBefore) - Date.now();
    if (wait > 0) await sleep(wait);
  }
  if (input.inboxMessageIds.length > 0) {
    await databaseActivities.deliverInboxMessages({ messageIds: input.inboxMessageIds });
    result.delivered.push(...input.inboxMessageIds);
  }
  for (const messageId of input.emailMessageIds) {
    try {
      await emailActivities.sendRecordedEmail({ messageId });
      result.sent.push(messageId);
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      result.failed.push(messageId);
    }
  }
  return result;
}
