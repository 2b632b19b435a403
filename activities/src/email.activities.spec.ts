import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import nodemailer from 'nodemailer';
import { createPrismaClient, type PrismaClient } from '@partnerflow/db';
import { newId } from '@partnerflow/domain';
import { startMailSink, type MailSink } from '../../scripts/lib/mail-sink';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';
import { createEmailActivities, type PartnerEmailResult } from './email.activities';

// Expected activity failures would otherwise be logged as warnings.
const activityEnvironment = (attempt: number) =>
  new MockActivityEnvironment({ attempt }, { logger: new DefaultLogger('ERROR') });

/** Medium test: the email activity against real PostgreSQL and a real SMTP server. */
describe('sendPartnerEmail', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let mail: MailSink;
  let activities: ReturnType<typeof createEmailActivities>;
  let partnerId: string;

  beforeAll(async () => {
    db = await createTestDatabase('email_activity');
    prisma = createPrismaClient(db.url, 2);
    mail = await startMailSink({ smtpPort: 0, httpPort: 0 });
    activities = createEmailActivities({
      prisma,
      mailFrom: 'Partnerflow <no-reply@partnerflow.test>',
      mailer: nodemailer.createTransport({ host: '127.0.0.1', port: mail.smtpPort, secure: false }),
    });
    const program = await prisma.program.create({ data: { id: newId('program'), slug: 'acme', name: 'Acme' } });
    partnerId = newId('partner');
    await prisma.partner.create({
      data: {
        id: partnerId, programId: program.id, email: 'grace@example.com', name: 'Grace', country: 'US',
        audienceSize: 100, type: 'content', workflowId: `partner-${partnerId}`,
      },
    });
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await mail?.close();
    await db?.drop();
  });

  const request = (step: string) => ({
    partnerId,
    template: 'partner.welcome' as const,
    workflowId: `partner-${partnerId}`,
    step,
  });

  it('records the message, sends it once, and a retried attempt with the same key sends nothing', async () => {
    const first: PartnerEmailResult = await activityEnvironment(1).run(activities.sendPartnerEmail, request('welcome'));
    const retry: PartnerEmailResult = await activityEnvironment(2).run(activities.sendPartnerEmail, request('welcome'));

    expect(first.alreadySent).toBe(false);
    expect(retry).toEqual({ ...first, alreadySent: true });
    const delivered = mail.messages.filter((m) => m.messageId === `<${first.messageId}@partnerflow>`);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({ to: ['grace@example.com'], subject: 'Welcome to the Acme partner program' });

    const rows = await prisma.message.findMany({ where: { partnerId, step: 'welcome' } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'sent', attempts: 1, recipient: 'grace@example.com', template: 'partner.welcome' });
    expect(rows[0].smtpMessageId).toBe(`<${first.messageId}@partnerflow>`);
  });

  it('sends an operator email about the partner to every reviewer once, recorded as a message to operators', async () => {
    const toReviewers = {
      ...request('review-requested'),
      template: 'operator.review_requested' as const,
      recipients: ['reviewer@acme.test', 'lead@acme.test'],
      variables: { reasons: 'audience 100 is below 1000' },
    };
    const first: PartnerEmailResult = await activityEnvironment(1).run(activities.sendOperatorEmail, toReviewers);
    const retry: PartnerEmailResult = await activityEnvironment(2).run(activities.sendOperatorEmail, toReviewers);
    expect(retry).toEqual({ ...first, alreadySent: true });

    const delivered = mail.messages.filter((m) => m.messageId === `<${first.messageId}@partnerflow>`);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({
      to: ['reviewer@acme.test', 'lead@acme.test'],
      subject: 'Application to review: Grace (Acme)',
    });
    expect(delivered[0].text).toContain('Grace <grace@example.com> applied to the Acme partner program');
    const row = await prisma.message.findFirstOrThrow({ where: { partnerId, step: 'review-requested' } });
    expect(row).toMatchObject({ recipient: 'reviewer@acme.test, lead@acme.test', recipientType: 'operator', status: 'sent' });

    const nobody = activityEnvironment(1).run(activities.sendOperatorEmail, { ...toReviewers, step: 'nobody', recipients: [] });
    await expect(nobody).rejects.toMatchObject({ type: 'InvalidConfigError', nonRetryable: true });
  });

  it('keeps the message queued with the error while SMTP is unreachable, and marks it failed on the last attempt', async () => {
    const unreachable = createEmailActivities({
      prisma,
      mailFrom: 'x@partnerflow.test',
      mailer: nodemailer.createTransport({ host: '127.0.0.1', port: 9, secure: false, connectionTimeout: 500 }),
    });
    await expect(activityEnvironment(1).run(unreachable.sendPartnerEmail, request('down'))).rejects.toThrow();
    let row = await prisma.message.findFirstOrThrow({ where: { partnerId, step: 'down' } });
    expect(row.status).toBe('queued');
    expect(row.lastError).toMatch(/ECONNREFUSED|connect/i);

    await expect(activityEnvironment(8).run(unreachable.sendPartnerEmail, request('down'))).rejects.toThrow();
    row = await prisma.message.findFirstOrThrow({ where: { partnerId, step: 'down' } });
    expect(row).toMatchObject({ status: 'failed', attempts: 2 });
  });
});
