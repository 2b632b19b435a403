import type { PartnerStage, PrismaClient } from '@partnerflow/db';
import type { DomainEvent, NotificationRule } from '@partnerflow/domain';
import { downlineOf } from './downline';

export interface RecipientPartner {
  id: string;
  programId: string;
  name: string;
  email: string;
  locale: string | null;
}

export interface RuleRecipients {
  partners: RecipientPartner[];
  /** The rule names the program's managers (emailed about the event's partner). */
  managers: boolean;
}

/** Who receives group notices (everyone affected, a segment, a downline): partners still working with the program. */
const WORKING_STAGES: PartnerStage[] = ['ACTIVE', 'PRODUCING', 'CONSISTENT', 'AT_RISK', 'PAUSED'];
const select = { id: true, programId: true, name: true, email: true, locale: true } as const;

const stringList = (value: unknown): string[] | undefined =>
  Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value as string[]) : undefined;

/** The partners (of the event's program only) and managers a rule addresses for an event, each partner once. */
export async function resolveRuleRecipients(prisma: PrismaClient, rule: NotificationRule, event: DomainEvent): Promise<RuleRecipients> {
  const programId = event.programId;
  const found = new Map<string, RecipientPartner>();
  const add = (partners: RecipientPartner[]) => partners.forEach((partner) => found.set(partner.id, partner));
  const byIds = (ids: string[], stages?: PartnerStage[]) =>
    prisma.partner.findMany({ where: { id: { in: ids }, programId, ...(stages ? { stage: { in: stages } } : {}) }, select, orderBy: { id: 'asc' } });
  let managers = false;

  for (const recipient of rule.recipients) {
    switch (recipient.type) {
      case 'partner':
        if (event.partnerId) add(await byIds([event.partnerId]));
        break;
      case 'managers':
        managers = true;
        break;
      case 'downline':
        if (event.partnerId) add(await byIds((await downlineOf(prisma, event.partnerId, recipient.depth)).map((member) => member.partnerId), WORKING_STAGES));
        break;
      case 'affected_partners': {
        const listed = stringList(event.data?.partnerIds);
        if (listed) add(await byIds(listed, WORKING_STAGES));
        else if (event.partnerId) add(await byIds([event.partnerId]));
        else add(await prisma.partner.findMany({ where: { programId, stage: { in: WORKING_STAGES } }, select, orderBy: { id: 'asc' } }));
        break;
      }
      case 'segment':
        add(
          await prisma.partner.findMany({
            where: {
              programId,
              stage: { in: recipient.stages },
              ...(recipient.partnerTypes ? { type: { in: recipient.partnerTypes } } : {}),
              ...(recipient.countries ? { country: { in: recipient.countries } } : {}),
            },
            select,
            orderBy: { id: 'asc' },
          }),
        );
        break;
    }
  }
  return { partners: [...found.values()], managers };
}
