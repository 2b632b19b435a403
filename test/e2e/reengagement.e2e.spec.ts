import { readJson, apiClient, type Json } from '../support/http';
import { eventually, startTestStack, type TestStack } from '../support/stack';
import { activePartner, followLink, linkFor } from '../support/tracking';

const MINUTE_MS = 60_000;
const EMAIL = 'quinn.quiet@example.com';
const CYCLE_TEMPLATES = ['reengagement.performance_snapshot', 'reengagement.challenge', 'reengagement.check_in'];

/** Seed 002's recipe with minutes instead of days, so a whole cycle runs inside one test. */
const minuteRecipe = {
  inactivityMinutes: 1,
  steps: [
    { type: 'performance_snapshot', afterMinutes: 0 },
    { type: 'challenge', afterMinutes: 1, targetReferrals: 3, withinDays: 14, reward: 'a €50 bonus' },
    { type: 'check_in', afterMinutes: 2, notifyManager: true },
  ],
  outcome: 'at_risk',
  // (a cooldown: the partner, still quiet and AT_RISK, would otherwise start the next cycle at once)
  cycleCooldownDays: 1,
};

/**
 * Inactivity re-engagement as an operator runs it, through the real api, worker, Temporal dev
 * server, PostgreSQL and an SMTP server: the operator saves a recipe, a partner who never sends
 * traffic gets the snapshot, challenge and check-in emails once each and in order, the manager
 * gets a check-in task, the partner goes AT_RISK, and a click brings them back (closing the task).
 * The partner's timeline tells each step.
 */
describe('inactivity re-engagement (end to end)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack('reengage');
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  const http = apiClient(() => stack);
  const partnerView = async (partnerId: string): Promise<Json> => readJson(await http(`/v1/partners/${partnerId}`));

  it('refuses a recipe that gives the inactivity period twice, naming the field', async () => {
    const response = await http('/v1/programs/demo/configs/reengagement', {
      method: 'PUT',
      body: JSON.stringify({ document: { ...minuteRecipe, inactivityHours: 2 } }),
    });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await readJson(response))).toContain('inactivityMinutes');
  });

  it('answers with a dry run when a cycle would start and when each step would be sent, changing nothing', async () => {
    const before = Date.now();
    const response = await http('/v1/programs/demo/configs/reengagement/dry-run', { method: 'POST', body: JSON.stringify({ document: minuteRecipe }) });
    expect(response.status).toBe(200);
    const { reengagement } = await readJson(response);
    expect(reengagement).toMatchObject({ enabled: true, quietSinceSource: 'now', lastActivity: null, outcome: 'at_risk' });
    const start = Date.parse(reengagement.cycleStartsAt);
    expect(start - Date.parse(reengagement.quietSince)).toBe(MINUTE_MS);
    expect(Date.parse(reengagement.quietSince)).toBeGreaterThanOrEqual(before);
    expect(reengagement.steps.map((step: Json) => [step.type, step.template, Date.parse(step.at) - start])).toEqual([
      ['performance_snapshot', 'reengagement.performance_snapshot', 0],
      ['challenge', 'reengagement.challenge', MINUTE_MS],
      ['check_in', 'reengagement.check_in', 2 * MINUTE_MS],
    ]);
    expect(reengagement.outcomeAt).toBe(reengagement.steps[2].at);
  });

  it('runs a whole cycle for a quiet partner, puts them AT_RISK, and a click brings them back', async () => {
    // A one-email drip: cycles wait while the onboarding drip runs (the default one lasts 21 days).
    const drip = { steps: [{ type: 'email', template: 'onboarding.top_pages', afterMinutes: 0 }] };
    expect((await http('/v1/programs/demo/configs/onboarding', { method: 'PUT', body: JSON.stringify({ document: drip }) })).status).toBe(201);
    const saved = await http('/v1/programs/demo/configs/reengagement', { method: 'PUT', body: JSON.stringify({ document: minuteRecipe }) });
    expect(saved.status).toBe(201);
    const partnerId = await activePartner(http, EMAIL);

    // The dry run for this partner counts the quiet period from its approval.
    const planned = (await readJson(await http('/v1/programs/demo/configs/reengagement/dry-run', { method: 'POST', body: JSON.stringify({ partnerId }) }))).reengagement;
    expect(planned).toMatchObject({ quietSinceSource: 'approval', lastActivity: null });

    const atRisk = await eventually('the partner to be AT_RISK after the cycle', async () => {
      const partner = await partnerView(partnerId);
      return partner.stage === 'AT_RISK' ? partner : undefined;
    }, 6 * MINUTE_MS);
    expect(atRisk.stage).toBe('AT_RISK');

    // Each step's email once, in the recipe's order.
    const messages = await readJson(await http(`/v1/partners/${partnerId}/messages`));
    const cycle = messages.items.filter((message: Json) => CYCLE_TEMPLATES.includes(message.template));
    expect(cycle.map((message: Json) => [message.template, message.status])).toEqual(CYCLE_TEMPLATES.map((template) => [template, 'sent']));
    const delivered = stack.mail.messages.filter((message) => message.to.includes(EMAIL));
    for (const message of cycle) expect(delivered.filter((mail) => mail.messageId === message.smtpMessageId)).toHaveLength(1);

    // The manager is asked to reach out.
    const openTasks = await readJson(await http('/v1/tasks'));
    const checkIn = openTasks.items.find((task: Json) => task.partner.id === partnerId);
    expect(checkIn?.kind).toBe('partner_check_in');

    const timeline = await readJson(await http(`/v1/partners/${partnerId}/timeline?limit=200`));
    const types = timeline.items.map((entry: Json) => entry.type);
    expect(types).toEqual(expect.arrayContaining(['reengagement.cycle_started', 'reengagement.step_sent', 'reengagement.cycle_ended']));
    expect(timeline.items.filter((entry: Json) => entry.type === 'reengagement.step_sent')).toHaveLength(3);

    // Activity ends the risk: a click, seen by the lifecycle at its next look (the inactivity period here).
    const link = await linkFor(http, partnerId);
    await followLink(stack, link.slug);
    const recovered = await eventually('the partner to leave AT_RISK after a click', async () => {
      const partner = await partnerView(partnerId);
      return partner.stage !== 'AT_RISK' ? partner : undefined;
    }, 3 * MINUTE_MS);
    expect(recovered.stage).toBe('ACTIVE');
    await eventually('the check-in task to close', async () => {
      const open = await readJson(await http('/v1/tasks'));
      return open.items.some((task: Json) => task.partner.id === partnerId) ? undefined : true;
    }, MINUTE_MS);
  }, 12 * MINUTE_MS);
});
