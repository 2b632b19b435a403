// (Re)captures the histories of messageDeliveryWorkflow, like capture-histories.spec.ts (same
// command, same refusal to hide a non-deterministic change):
//
//   CAPTURE_HISTORIES=1 npm test -- test/replay/capture-histories
import { ApplicationFailure } from '@temporalio/common';
import type { Activities } from '@partnerflow/activities';
import { messageDeliveryWorkflowId, NonRetryableFailure, type MessageDeliveryInput } from '@partnerflow/domain';
import { messageDeliveryWorkflow } from '@partnerflow/workflows';
import { completedHistory, save, settledHistory, useCaptureWorker, TASK_QUEUE } from './capture-support';

const file = (scenario: string) => `${messageDeliveryWorkflow.name}-${scenario}.json`;
const CAPTURED_FILES = ['posted-and-sent', 'held-in-quiet-hours', 'held-then-delivered', 'email-refused'].map(file);

/** Stub activities: every email is accepted, except those whose id says refused. */
const activities: Partial<Activities> = {
  async recordMessagePost(record) {
    return { messageIds: record.rows.map((row) => row.id) };
  },
  async deliverInboxMessages({ messageIds }) {
    return { delivered: messageIds.length };
  },
  async sendRecordedEmail({ messageId }) {
    if (messageId.includes('refused')) throw ApplicationFailure.nonRetryable('550 mailbox unavailable', NonRetryableFailure.PERMANENT_DELIVERY_FAILURE);
    return { messageId, smtpMessageId: `<${messageId}@partnerflow>`, alreadySent: false };
  },
};

const row = (id: string, channel: 'inbox' | 'email') => ({
  id, postId: 'msg_replay_inbox', threadId: 'thr_replay', programId: 'prg_replay', partnerId: 'ptn_replay', channel,
  senderType: 'operator' as const, senderId: 'key_replay', recipient: channel === 'inbox' ? 'ptn_replay' : 'ada@example.com', recipientType: 'partner' as const,
  template: 'message', subject: 'Your payout', bodyText: 'Hi\n', bodyHtml: '<p>Hi</p>', status: channel === 'inbox' ? ('delivered' as const) : ('queued' as const),
  deliveredAt: null, idempotencyKey: `replay:${id}`, linkType: null, linkId: null, createdAt: '2026-01-01T12:00:00.000Z',
});

const describeCapture = process.env.CAPTURE_HISTORIES ? describe : describe.skip;

describeCapture('capture message delivery histories (CAPTURE_HISTORIES is set)', () => {

  const capture = useCaptureWorker(CAPTURED_FILES, activities);

  const start = (postId: string, input: Omit<MessageDeliveryInput, 'postId' | 'programId' | 'partnerId'>) =>
    capture.client.workflow.start(messageDeliveryWorkflow, {
      workflowId: messageDeliveryWorkflowId(postId),
      taskQueue: TASK_QUEUE,
      args: [{ postId, programId: 'prg_replay', partnerId: 'ptn_replay', ...input }],
    });
  const inAnHour = async () => new Date((await capture.env.currentTimeMs()) + 3_600_000).toISOString();

  it('an operator\'s post: recorded, its email sent', async () => {
    const handle = await start('msg_replay_posted', {
      record: { thread: null, rows: [row('msg_replay_inbox', 'inbox'), row('msg_replay_email', 'email')] },
      inboxMessageIds: [],
      emailMessageIds: ['msg_replay_email'],
    });
    save(file('posted-and-sent'), await completedHistory(handle));
  });

  it('a notification in quiet hours waits, then reaches the inbox and the email goes', async () => {
    const held = await start('msg_replay_held', { inboxMessageIds: ['msg_replay_held'], emailMessageIds: ['msg_replay_held_email'], notBefore: await inAnHour() });
    save(file('held-in-quiet-hours'), await settledHistory(held, { activitiesCompleted: 0 }));
    const delivered = await start('msg_replay_delivered', { inboxMessageIds: ['msg_replay_delivered'], emailMessageIds: ['msg_replay_delivered_email'], notBefore: await inAnHour() });
    await settledHistory(delivered, { activitiesCompleted: 0 });
    await capture.env.sleep('2 hours');
    save(file('held-then-delivered'), await completedHistory(delivered));
  });

  it('a refused email is recorded failed; the others still go', async () => {
    const handle = await start('msg_replay_refused', { inboxMessageIds: [], emailMessageIds: ['msg_replay_refused_email', 'msg_replay_other_email'] });
    expect(await handle.result()).toEqual({ delivered: [], sent: ['msg_replay_other_email'], failed: ['msg_replay_refused_email'] });
    save(file('email-refused'), await completedHistory(handle));
  });
});
