import type { Transporter } from 'nodemailer';
import type { PrismaClient } from '@partnerflow/db';
import { reviewPolicyOf, screeningConfigSchema } from '@partnerflow/domain';

interface WebhookAlertDeps {
  prisma: PrismaClient;
  mailer: Pick<Transporter, 'sendMail'>;
  mailFrom: string;
}

/** The endpoint's alert addresses, else the program's reviewers (the operators other notices go to). */
async function alertRecipients(prisma: PrismaClient, programId: string, alertEmails: string[]): Promise<string[]> {
  if (alertEmails.length > 0) return alertEmails;
  const row = await prisma.configVersion.findFirst({ where: { programId, kind: 'screening' }, orderBy: { version: 'desc' } });
  const parsed = row ? screeningConfigSchema.safeParse(row.document) : undefined;
  return parsed?.success ? reviewPolicyOf(parsed.data).reviewerEmails : [];
}

export function createWebhookAlertActivities({ prisma, mailer, mailFrom }: WebhookAlertDeps) {
  return {
    /**
     * Tells the operators that an endpoint was disabled for failing (the audit entry was written
     * with the disabling). Sent once per disabling: `disabledNotifiedAt` is set after the send, and
     * the Message-ID is stable, so a resend after a crash in between is recognisably the same mail.
     */
    async notifyWebhookEndpointDisabled({ endpointId }: { endpointId: string }): Promise<{ notified: string[]; note: string }> {
      const endpoint = await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } });
      if (endpoint.enabled || !endpoint.disabledAt) return { notified: [], note: 'the endpoint is enabled again' };
      if (endpoint.disabledNotifiedAt) return { notified: [], note: `already notified at ${endpoint.disabledNotifiedAt.toISOString()}` };
      const program = await prisma.program.findUniqueOrThrow({ where: { id: endpoint.programId } });
      const recipients = await alertRecipients(prisma, endpoint.programId, endpoint.alertEmails);
      if (recipients.length === 0) {
        return { notified: [], note: 'no alert emails on the endpoint and no reviewer emails in the screening config: the audit entry is the only record' };
      }
      await mailer.sendMail({
        from: mailFrom,
        to: recipients.join(', '),
        subject: `Webhook endpoint disabled: ${endpoint.url}`,
        text: [
          `The webhook endpoint ${endpoint.id} of program ${program.name} (${endpoint.url}) was disabled at ${endpoint.disabledAt.toISOString()}:`,
          `${endpoint.disabledReason ?? 'it kept failing'}.`,
          'No further events are delivered to it. Fix the receiver, then enable it again with',
          `POST /v1/programs/${program.id}/webhooks/${endpoint.id}/enable and replay what it missed from GET /v1/webhooks/${endpoint.id}/deliveries.`,
        ].join('\n\n'),
        messageId: `<${endpoint.id}-disabled-${endpoint.disabledAt.getTime()}@partnerflow>`,
        headers: { 'X-Partnerflow-Webhook-Endpoint': endpoint.id },
      });
      await prisma.webhookEndpoint.updateMany({ where: { id: endpointId, disabledAt: endpoint.disabledAt }, data: { disabledNotifiedAt: new Date() } });
      return { notified: recipients, note: `emailed ${recipients.length} operator(s)` };
    },
  };
}
