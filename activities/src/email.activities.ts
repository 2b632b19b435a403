import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Transporter } from 'nodemailer';
import type { Message, PrismaClient } from '@partnerflow/db';
import {
  EMAIL_MAX_ATTEMPTS,
  newId,
  NonRetryableFailure,
  renderEmail,
  type EmailTemplateName,
} from '@partnerflow/domain';

export interface PartnerEmailRequest {
  partnerId: string;
  template: EmailTemplateName;
  /** Template variables beyond the partner's and program's names, which are looked up here. */
  variables?: Record<string, string>;
  workflowId: string;
  /** Names the email within its workflow; with the workflow id it is the idempotency key. */
  step: string;
}

/** An email to the program's operators (reviewers) about a partner, e.g. an application to review. */
export interface OperatorEmailRequest extends PartnerEmailRequest {
  /** The operators' addresses; `partnerId` names the partner the email is about. */
  recipients: string[];
}

/** Who receives a message: the partner, or operators writing about the partner. */
type Audience = { recipientType: 'partner' } | { recipientType: 'operator'; recipients: string[] };

export interface PartnerEmailResult {
  messageId: string;
  smtpMessageId: string | null;
  /** True when an earlier attempt had already sent it and nothing was sent now. */
  alreadySent: boolean;
}

export interface EmailActivityDeps {
  prisma: PrismaClient;
  mailer: Pick<Transporter, 'sendMail'>;
  mailFrom: string;
}

/** SMTP 5xx replies are permanent: retrying the same message cannot succeed. */
function isPermanentSmtpFailure(error: unknown): boolean {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

export function createEmailActivities({ prisma, mailer, mailFrom }: EmailActivityDeps) {
  async function recordMessage(request: PartnerEmailRequest, audience: Audience) {
    const idempotencyKey = `${request.workflowId}:${request.step}`;
    const existing = await prisma.message.findUnique({ where: { idempotencyKey } });
    if (existing) return existing;

    const partner = await prisma.partner.findUnique({
      where: { id: request.partnerId },
      include: { program: true },
    });
    if (!partner) {
      throw ApplicationFailure.nonRetryable(
        `partner ${request.partnerId} does not exist`,
        NonRetryableFailure.NOT_FOUND,
      );
    }
    const rendered = renderEmail(request.template, {
      partnerName: partner.name,
      programName: partner.program.name,
      partnerEmail: partner.email,
      partnerId: partner.id,
      ...request.variables,
    });
    // The record exists before the send, so a crash mid-send leaves a trace, and the unique
    // key makes a concurrent retry land on the same row.
    await prisma.message.createMany({
      data: [
        {
          id: newId('message'),
          programId: partner.programId,
          partnerId: partner.id,
          channel: 'email',
          senderType: 'system',
          recipient:
            audience.recipientType === 'partner' ? partner.email : audience.recipients.join(', '),
          recipientType: audience.recipientType,
          template: request.template,
          subject: rendered.subject,
          bodyText: rendered.text,
          bodyHtml: rendered.html,
          workflowId: request.workflowId,
          step: request.step,
          idempotencyKey,
        },
      ],
      skipDuplicates: true,
    });
    return prisma.message.findUniqueOrThrow({ where: { idempotencyKey } });
  }

  async function deliver(message: Message): Promise<PartnerEmailResult> {
    if (message.status === 'sent' || message.status === 'read') {
      return { messageId: message.id, smtpMessageId: message.smtpMessageId, alreadySent: true };
    }
    await prisma.message.update({
      where: { id: message.id },
      data: { attempts: { increment: 1 } },
    });
    try {
      const info = await mailer.sendMail({
        from: mailFrom,
        to: message.recipient,
        subject: message.subject,
        text: message.bodyText,
        html: message.bodyHtml ?? undefined,
        // A stable Message-ID lets a receiving system drop a copy re-sent after a crash
        // that happened between the SMTP accept and the status update below.
        messageId: `<${message.id}@partnerflow>`,
        headers: { 'X-Partnerflow-Message-Id': message.id },
      });
      await prisma.message.update({
        where: { id: message.id },
        data: { status: 'sent', smtpMessageId: info.messageId, sentAt: new Date(), lastError: null },
      });
      return { messageId: message.id, smtpMessageId: info.messageId, alreadySent: false };
    } catch (error) {
      const permanent = isPermanentSmtpFailure(error);
      const lastAttempt = Context.current().info.attempt >= EMAIL_MAX_ATTEMPTS;
      await prisma.message.update({
        where: { id: message.id },
        data: {
          lastError: error instanceof Error ? error.message : String(error),
          ...(permanent || lastAttempt ? { status: 'failed' } : {}),
        },
      });
      if (permanent) {
        throw ApplicationFailure.nonRetryable(
          `SMTP refused the message: ${(error as Error).message}`,
          NonRetryableFailure.PERMANENT_DELIVERY_FAILURE,
        );
      }
      throw error;
    }
  }

  return {
    /**
     * Sends an email message recorded beforehand (threads, notifications: the row is written with
     * the post), through the same delivery: a row already sent is not sent again.
     */
    async sendRecordedEmail({ messageId }: { messageId: string }): Promise<PartnerEmailResult> {
      const message = await prisma.message.findUnique({ where: { id: messageId } });
      if (!message || message.channel !== 'email') {
        throw ApplicationFailure.nonRetryable(`no email message ${messageId}`, NonRetryableFailure.NOT_FOUND);
      }
      return deliver(message);
    },

    async sendPartnerEmail(request: PartnerEmailRequest): Promise<PartnerEmailResult> {
      return deliver(await recordMessage(request, { recipientType: 'partner' }));
    },

    /** Same record-then-send and idempotency key (`<workflowId>:<step>`) as a partner's email. */
    async sendOperatorEmail(request: OperatorEmailRequest): Promise<PartnerEmailResult> {
      if (request.recipients.length === 0) {
        throw ApplicationFailure.nonRetryable(
          'an operator email needs at least one recipient',
          NonRetryableFailure.INVALID_CONFIG,
        );
      }
      const audience: Audience = { recipientType: 'operator', recipients: request.recipients };
      return deliver(await recordMessage(request, audience));
    },
  };
}

export type EmailActivities = ReturnType<typeof createEmailActivities>;
