import { Context } from '@temporalio/activity';
import type { MessageChannel, PrismaClient } from '@partnerflow/db';
import {
  channelsForPartner,
  DEFAULT_NOTIFICATION_RULES,
  eventTemplateValues,
  notBeforeQuietHours,
  notificationRuleSetSchema,
  rulesTriggeredBy,
  type DomainEvent,
  type MessageChannelName,
  type NotificationRule,
  type NotificationRuleSet,
} from '@partnerflow/domain';
import { startDeliveriesFromActivity, type DeliveryStarter } from './delivery-starter';
import { notificationContent } from './notification-content';
import { deliveryInputOf, recordNotificationPosts, type NotificationDraft } from './notification-posts';
import { resolveRuleRecipients, type RecipientPartner } from './notification-recipients';

export interface NotificationRuleDeps {
  prisma: PrismaClient;
  /** Tests may pass their own; the worker's client by default. */
  startDeliveries?: DeliveryStarter;
}

export interface NotificationRulesOutcome {
  eventId: string;
  ruleSetVersion: number;
  rules: { ruleId: string; notifications: number; skipped: { recipient: string; reason: string }[] }[];
  messageIds: string[];
  deliveriesStarted: number;
}

/** The program's current rule set (version 0: the defaults, until one is saved). */
export async function currentNotificationRuleSet(prisma: PrismaClient, programId: string): Promise<{ version: number; ruleSet: NotificationRuleSet }> {
  const row = await prisma.notificationRuleSet.findFirst({ where: { programId }, orderBy: { version: 'desc' } });
  return row ? { version: row.version, ruleSet: notificationRuleSetSchema.parse(row.document) } : { version: 0, ruleSet: DEFAULT_NOTIFICATION_RULES };
}

export function createNotificationRuleActivities({ prisma, startDeliveries = startDeliveriesFromActivity }: NotificationRuleDeps) {
  return {
    /**
     * Applies the program's notification rules to one domain event (the event dispatcher calls
     * it): each triggered rule's recipients get the notice on their channels, at most once per
     * (event, rule, recipient, channel) — the messages' idempotency key — narrowed by partners'
     * preferences (mandatory kinds always go out) and held, never dropped, during quiet hours.
     */
    async applyNotificationRules(event: DomainEvent): Promise<NotificationRulesOutcome> {
      const { version, ruleSet } = await currentNotificationRuleSet(prisma, event.programId);
      const rules = rulesTriggeredBy(ruleSet, event);
      const outcome: NotificationRulesOutcome = { eventId: event.id, ruleSetVersion: version, rules: [], messageIds: [], deliveriesStarted: 0 };
      if (rules.length === 0) return outcome;
      const program = await prisma.program.findUniqueOrThrow({ where: { id: event.programId }, select: { name: true } });
      const render = notificationContent(prisma);
      const now = new Date();
      const drafts: NotificationDraft[] = [];

      for (const rule of rules) {
        const { partners, managers } = await resolveRuleRecipients(prisma, rule, event);
        const preferences = new Map(
          (await prisma.notificationPreference.findMany({ where: { partnerId: { in: partners.map((p) => p.id) }, kind: rule.kind } })).map((row) => [row.partnerId, row]),
        );
        const notBefore = notBeforeQuietHours(rule.quietHours, now);
        const summary = { ruleId: rule.id, notifications: 0, skipped: [] as { recipient: string; reason: string }[] };
        const valuesFor = (partner: RecipientPartner) => ({ ...eventTemplateValues(event), partnerName: partner.name, partnerEmail: partner.email, partnerId: partner.id, programName: program.name });

        for (const partner of partners) {
          const channels = channelsForPartner(rule.kind, rule.channels, preferences.get(partner.id));
          if (channels.length === 0) {
            summary.skipped.push({ recipient: partner.id, reason: `${partner.id} switched ${rule.kind} off (or chose none of its channels)` });
            continue;
          }
          drafts.push(partnerDraft(rule, partner, channels, await render(event.programId, rule.template, rule.kind, valuesFor(partner), partner.locale), notBefore));
          summary.notifications += 1;
        }
        if (managers) {
          const about = event.partnerId ? await prisma.partner.findFirst({ where: { id: event.partnerId, programId: event.programId } }) : null;
          if (!about) summary.skipped.push({ recipient: 'managers', reason: 'the event names no partner of the program to attach the notice to' });
          else if (ruleSet.managerEmails.length === 0) summary.skipped.push({ recipient: 'managers', reason: 'the rule set lists no managerEmails' });
          else {
            const content = await render(event.programId, rule.template, rule.kind, valuesFor(about));
            drafts.push({
              ruleId: rule.id, partnerId: about.id, recipientKey: 'managers', recipientType: 'operator',
              channels: [{ channel: 'email', address: ruleSet.managerEmails.join(', ') }], content, threaded: false, notBefore,
            });
            summary.notifications += 1;
          }
        }
        outcome.rules.push(summary);
        heartbeat();
      }

      const posts = await recordNotificationPosts(prisma, event, drafts, now);
      outcome.messageIds = posts.flatMap((post) => post.rows.map((row) => row.id));
      const inputs = posts.map((post) => deliveryInputOf(post, event.programId, now)).filter((input) => input !== undefined);
      outcome.deliveriesStarted = await startDeliveries(inputs);
      return outcome;
    },
  };
}

function partnerDraft(rule: NotificationRule, partner: RecipientPartner, channels: MessageChannelName[], content: NotificationDraft['content'], notBefore: Date): NotificationDraft {
  return {
    ruleId: rule.id,
    partnerId: partner.id,
    recipientKey: `partner:${partner.id}`,
    recipientType: 'partner',
    channels: channels.map((channel) => ({ channel: channel as MessageChannel, address: channel === 'email' ? partner.email : partner.id })),
    content,
    threaded: true,
    notBefore,
  };
}

/** Long fan-outs tell Temporal they are alive; outside a worker (tests) there is no one to tell. */
function heartbeat(): void {
  try {
    Context.current().heartbeat();
  } catch {
    // not in an activity context
  }
}
