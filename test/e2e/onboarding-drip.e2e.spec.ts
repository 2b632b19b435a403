import { Client, Connection } from '@temporalio/client';
import {
  onboardingStateQuery,
  partnerActivitySignal,
  renderEmail,
  type EmailTemplateName,
  type OnboardingDripState,
} from '@partnerflow/domain';
import { apiClient, readJson, type Json } from '../support/http';
import { eventually, startTestStack, type TestStack } from '../support/stack';

const MINUTE_MS = 60_000;
const PROGRAM = 'Demo Partner Program';
const REVIEWERS = 'partners@demo.partnerflow.local'; // the demo screening config's reviewer emails

/**
 * A whole drip in a minute (steps due at the same minute run in config order): what the welcome,
 * a click or its absence change.
 */
const oneMinuteDrip = {
  steps: [
    { type: 'email', template: 'partner.welcome', afterMinutes: 0 },
    { type: 'email', template: 'onboarding.top_pages', afterMinutes: 0 },
    { type: 'wait_for', event: 'first_click', withinMinutes: 1, else: [{ type: 'email', template: 'onboarding.no_click_nudge', afterMinutes: 1 }] },
    { type: 'email', template: 'onboarding.webinar', afterMinutes: 1, when: 'no_click' },
    { type: 'notify_manager', message: 'A minute in: time for a hello call.', afterMinutes: 1 },
    { type: 'email', template: 'onboarding.check_in', afterMinutes: 1 },
  ],
};

/**
 * The onboarding drip through the real api and worker, the Temporal dev server (real time),
 * PostgreSQL and an SMTP server: an operator configures a drip in minutes, two partners are
 * approved, one of them clicks (the signal the tracking side sends, sent here with the Temporal
 * client), and the mail that arrives is what the config says, in order, once.
 */
describe('onboarding drip (end to end)', () => {
  let stack: TestStack;
  let connection: Connection;
  let temporal: Client;

  beforeAll(async () => {
    stack = await startTestStack('drip');
    connection = await Connection.connect({ address: stack.env.TEMPORAL_ADDRESS });
    temporal = new Client({ connection, namespace: stack.env.TEMPORAL_NAMESPACE });
  }, 120_000);
  afterAll(async () => {
    await connection?.close();
    await stack?.stop();
  });

  const http = apiClient(() => stack);
  const subject = (template: EmailTemplateName, partnerName: string) => renderEmail(template, { partnerName, programName: PROGRAM }).subject;
  const apply = async (name: string, email: string) => {
    const response = await http('/v1/programs/demo/applications', {
      method: 'POST',
      key: null,
      body: JSON.stringify({ name, email, country: 'GB', website: 'https://example.com', audienceSize: 5000, partnerType: 'content' }),
    });
    expect(response.status).toBe(201);
    return (await readJson(response)) as { partnerId: string; workflowId: string };
  };
  const dripOf = (workflowId: string) => temporal.workflow.getHandle(workflowId).query(onboardingStateQuery);
  const dripWhen = (workflowId: string, what: string, check: (state: OnboardingDripState) => boolean, timeoutMs = 30_000) =>
    eventually(`${workflowId}: ${what}`, async () => {
      const state = await dripOf(workflowId).catch(() => undefined);
      return state && check(state) ? state : undefined;
    }, timeoutMs);
  const subjectsTo = (address: string) => stack.mail.messages.filter((m) => m.to.includes(address)).map((m) => m.subject);

  it('sends the configured emails in order, once each; a first click stops the no-click ones', async () => {
    const saved = await http('/v1/programs/demo/configs/onboarding', { method: 'PUT', body: JSON.stringify({ document: oneMinuteDrip }) });
    expect(saved.status).toBe(201);
    const version = await readJson(saved);

    const quiet = await apply('Quinn Quiet', 'quinn@example.com');
    const clicker = await apply('Cleo Clicker', 'cleo@example.com');
    await dripWhen(clicker.workflowId, 'the drip running', (s) => s.status === 'running');
    const click = { event: 'first_click' as const, at: new Date().toISOString(), sourceId: 'clk_e2e_1' };
    await temporal.workflow.getHandle(clicker.workflowId).signal(partnerActivitySignal, click);
    await temporal.workflow.getHandle(clicker.workflowId).signal(partnerActivitySignal, { ...click, sourceId: 'clk_e2e_repeat' }); // a retry

    const finished = (s: OnboardingDripState) => s.status === 'finished';
    const quietDrip = await dripWhen(quiet.workflowId, 'the drip to finish', finished, 3 * MINUTE_MS);
    const clickerDrip = await dripWhen(clicker.workflowId, 'the drip to finish', finished, MINUTE_MS);
    await eventually('every email delivered', async () => (stack.mail.messages.length >= 10 ? true : undefined));

    expect(subjectsTo('quinn@example.com')).toEqual(
      (['partner.welcome', 'onboarding.top_pages', 'onboarding.no_click_nudge', 'onboarding.webinar', 'onboarding.check_in'] as const).map((t) => subject(t, 'Quinn Quiet')),
    );
    expect(subjectsTo('cleo@example.com')).toEqual(
      (['partner.welcome', 'onboarding.top_pages', 'onboarding.check_in'] as const).map((t) => subject(t, 'Cleo Clicker')),
    );
    expect(subjectsTo(REVIEWERS).sort()).toEqual([`Onboarding: Cleo Clicker (${PROGRAM})`, `Onboarding: Quinn Quiet (${PROGRAM})`]);
    expect(stack.mail.messages).toHaveLength(10);

    // Each email at its time from the approval (the drip's approvedAt, workflow time).
    const approvedAt = Date.parse(quietDrip.approvedAt ?? '');
    const sentAt = (id: string) => Date.parse(quietDrip.steps.find((step) => step.id === id)?.settledAt ?? '');
    expect(sentAt('v2:steps.1') - approvedAt).toBeLessThan(MINUTE_MS);
    expect(sentAt('v2:steps.2.else.0') - approvedAt).toBeGreaterThanOrEqual(MINUTE_MS);
    expect(sentAt('v2:steps.5') - approvedAt).toBeGreaterThanOrEqual(MINUTE_MS);

    // What was skipped, and why, is in the drip's state (and the audit log).
    const outcomes = (state: OnboardingDripState) => Object.fromEntries(state.steps.map((step) => [step.id, [step.status, step.reason]]));
    expect(quietDrip.config).toEqual({ label: 'v2', versionId: version.id, version: 2, source: 'program' });
    expect(outcomes(quietDrip)['v2:steps.0']).toEqual(['skipped', 'the lifecycle already sent partner.welcome at approval (step welcome-email)']);
    expect(outcomes(quietDrip)['v2:steps.2'][0]).toBe('deadline_passed');
    const clickerSteps = outcomes(clickerDrip);
    expect(clickerSteps['v2:steps.2'][0]).toBe('event_happened');
    expect(clickerSteps['v2:steps.2.else.0']).toEqual(['skipped', expect.stringMatching(/^not needed: the partner's first click \(clk_e2e_1, /)]);
    expect(clickerSteps['v2:steps.3']).toEqual(['skipped', expect.stringMatching(/^only without a click: /)]);
    expect(clickerDrip.activity.first_click).toMatchObject({ at: click.at, sourceId: 'clk_e2e_1' }); // the repeat changed nothing

    const audit = await stack.prisma.auditEntry.findMany({ where: { targetId: clicker.workflowId } });
    expect(audit.filter((entry) => entry.action === 'onboarding.step_skipped').map((entry) => (entry.after as Json).id).sort()).toEqual([
      'v2:steps.0',
      'v2:steps.2.else.0',
      'v2:steps.3',
    ]);
    expect(audit.find((entry) => entry.action === 'onboarding.config_pinned')).toMatchObject({
      reason: "the program's current onboarding config, version 2",
    });
    expect((await temporal.workflow.getHandle(clicker.workflowId).describe()).memo).toMatchObject({ onboardingConfigVersionId: version.id, onboardingConfigVersion: 2 });

    const messages = await readJson(await http(`/v1/partners/${clicker.partnerId}/messages`));
    expect(messages.items.map((m: Json) => [m.template, m.step, m.status, m.recipientType])).toEqual([
      ['partner.welcome', 'welcome-email', 'sent', 'partner'],
      ['onboarding.top_pages', 'onboarding:v2:steps.1', 'sent', 'partner'],
      ['operator.onboarding_notification', 'onboarding:v2:steps.4', 'sent', 'operator'],
      ['onboarding.check_in', 'onboarding:v2:steps.5', 'sent', 'partner'],
    ]);
  }, 5 * MINUTE_MS);
});
