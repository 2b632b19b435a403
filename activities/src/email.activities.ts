import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Transporter } from 'nodemailer';
import type { PrismaClient } from '@partnerflow/db';
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
  async function recordMessage(request: PartnerEmailRequest) {
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
          recipient: partner.email,
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

  return {
    async sendPartnerEmail(request: PartnerEmailRequest): Promise<PartnerEmailResult> {
      const message = await recordMessage(request);
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
    },
  };
}

export type EmailActivities = ReturnType<typeof createEmailActivities>;
