import { createPrismaClient, type PrismaClient } from '@partnerflow/db';
import { newId, type DomainEvent } from '@partnerflow/domain';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { pickLocale } from './notification-content';
import { createNotificationRuleActivities } from './notification-rules.activities';

describe('pickLocale', () => {
  it("takes the recipient's locale, then its language, then English, then the first there is", () => {
    expect(pickLocale(['en', 'de', 'pt-BR'], 'pt-BR')).toBe('pt-BR');
    expect(pickLocale(['en', 'de'], 'de-AT')).toBe('de');
    expect(pickLocale(['en', 'de'], 'fr')).toBe('en');
    expect(pickLocale(['en', 'de'], null)).toBe('en');
    expect(pickLocale(['fr', 'de'], null)).toBe('de');
    expect(pickLocale([], 'de')).toBeUndefined();
  });
});

/** Medium test against PostgreSQL: each partner's notice uses the program's template in its language. */
describe('notifications in the partner locale', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let programId: string;
  const activities = () => createNotificationRuleActivities({ prisma, startDeliveries: async (inputs) => inputs.length });

  async function partner(name: string, locale: string | null) {
    const id = newId('partner');
    await prisma.partner.create({
      data: { id, programId, email: `${name.toLowerCase()}@example.com`, name, country: 'DE', locale, audienceSize: 10, type: 'content', stage: 'ACTIVE', workflowId: `partner-${id}` },
    });
    return id;
  }
  async function template(locale: string, subject: string) {
    const templateId = newId('messageTemplate');
    await prisma.messageTemplate.create({ data: { id: templateId, programId, key: 'notification.milestone-achieved', locale } });
    await prisma.messageTemplateVersion.create({
      data: { id: newId('messageTemplateVersion'), templateId, version: 1, subject, format: 'text', body: '{{partnerName}}: {{milestone}}', variables: { milestone: 'string?' }, createdBy: 'test' },
    });
  }
  const milestone = (partnerId: string): DomainEvent => ({
    id: `evt_${newId('message').slice(4)}`, name: 'milestone.achieved', programId, partnerId, data: { milestone: '10th sale' }, occurredAt: new Date().toISOString(), subject: { type: 'partner', id: partnerId },
  });
  const inboxSubject = async (partnerId: string) => (await prisma.message.findFirstOrThrow({ where: { partnerId, channel: 'inbox' } })).subject;

  beforeAll(async () => {
    db = await createTestDatabase('notification_locale');
    prisma = createPrismaClient(db.url, 2);
    programId = newId('program');
    await prisma.program.create({ data: { id: programId, slug: 'locales', name: 'Locales' } });
    await template('en', 'Milestone reached');
    await template('de', 'Meilenstein erreicht');
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  it('sends German to a German partner, also for de-AT, and English otherwise', async () => {
    const [german, austrian, french, unset] = [await partner('Greta', 'de'), await partner('Anton', 'de-AT'), await partner('Flore', 'fr'), await partner('Una', null)];
    for (const id of [german, austrian, french, unset]) await activities().applyNotificationRules(milestone(id));
    expect([await inboxSubject(german), await inboxSubject(austrian), await inboxSubject(french), await inboxSubject(unset)]).toEqual([
      'Meilenstein erreicht',
      'Meilenstein erreicht',
      'Milestone reached',
      'Milestone reached',
    ]);
  });
});
