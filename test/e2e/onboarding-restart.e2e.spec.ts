import { renderEmail, type EmailTemplateName } from '@partnerflow/domain';
import { apiClient, readJson, type Json } from '../support/http';
import { eventually, startTestStack, type TestStack } from '../support/stack';

const MINUTE_MS = 60_000;
const PROGRAM = 'Demo Partner Program';
const NAME = 'Rita Restart';
const EMAIL = 'rita@example.com';

/** A drip in minutes: the worker is stopped after the first email and is down when the second falls due. */
const minuteDrip = {
  steps: [
    { type: 'email', template: 'onboarding.top_pages', afterMinutes: 0 },
    { type: 'email', template: 'onboarding.webinar', afterMinutes: 1 },
    { type: 'email', template: 'onboarding.case_studies', afterMinutes: 2 },
    { type: 'email', template: 'onboarding.check_in', afterMinutes: 3 },
  ],
};
const IN_ORDER: EmailTemplateName[] = ['partner.welcome', 'onboarding.top_pages', 'onboarding.webinar', 'onboarding.case_studies', 'onboarding.check_in'];

/**
 * The onboarding drip survives a worker restart (a deploy): through the real api, worker,
 * Temporal dev server, PostgreSQL and an SMTP server, the worker is stopped mid-drip and a new
 * one started after a step fell due. The new worker replays the lifecycle's history, sends what
 * is due, and every email arrives once, in order.
 */
describe('onboarding drip across a worker restart (end to end)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack('restart');
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  const http = apiClient(() => stack);
  const received = () => stack.mail.messages.filter((message) => message.to.includes(EMAIL));
  const subject = (template: EmailTemplateName) => renderEmail(template, { partnerName: NAME, programName: PROGRAM }).subject;

  it('sends every email once and in order when the worker is restarted mid-drip', async () => {
    expect((await http('/v1/programs/demo/configs/onboarding', { method: 'PUT', body: JSON.stringify({ document: minuteDrip }) })).status).toBe(201);
    const applied = await http('/v1/programs/demo/applications', {
      method: 'POST',
      key: null,
      body: JSON.stringify({ name: NAME, email: EMAIL, country: 'GB', website: 'https://rita.example.com', audienceSize: 5000, partnerType: 'content' }),
    });
    expect(applied.status).toBe(201);
    const { partnerId } = await readJson(applied);

    await eventually('the first drip email', async () => (received().length >= 2 ? true : undefined), MINUTE_MS);
    const firstDripEmailAt = Date.now();
    await stack.stopWorker();
    // Down past the minute-1 step: its timer fires with no worker to run it.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, firstDripEmailAt + 75_000 - Date.now())));
    expect(received().map((message) => message.subject)).toEqual(IN_ORDER.slice(0, 2).map(subject));

    await stack.startWorker();
    await eventually('the last drip email', async () => (received().length >= IN_ORDER.length ? true : undefined), 4 * MINUTE_MS);
    await new Promise((resolve) => setTimeout(resolve, 5_000)); // nothing more arrives (no second copy)
    expect(received().map((message) => message.subject)).toEqual(IN_ORDER.map(subject));
    expect(new Set(received().map((message) => message.messageId)).size).toBe(IN_ORDER.length);

    const messages = await readJson(await http(`/v1/partners/${partnerId}/messages`));
    const partnerMessages = messages.items.filter((message: Json) => message.recipientType === 'partner');
    expect(partnerMessages.map((message: Json) => [message.template, message.status])).toEqual(IN_ORDER.map((template) => [template, 'sent']));
    expect(partnerMessages.map((message: Json) => message.attempts)).toEqual(IN_ORDER.map(() => 1)); // each sent by one attempt
  }, 8 * MINUTE_MS);
});
