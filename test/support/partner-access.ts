import { readJson, type ApiRequest } from './http';
import { eventually, type TestStack } from './stack';
import { followLink } from './tracking';

type Api = (path: string, init?: ApiRequest) => Promise<Response>;

/** The sign-in token in the newest sign-in email to `email` (read from the test SMTP server). */
export async function magicLinkTokenFor(stack: TestStack, email: string, after = 0): Promise<string> {
  return eventually(`a sign-in email to ${email}`, async () => {
    const mail = stack.mail.messages.slice(after).reverse().find((message) => message.to.includes(email) && /^Sign in to/.test(message.subject));
    return mail ? /\bpml_[A-Za-z0-9_-]+/.exec(mail.text)?.[0] : undefined;
  });
}

/**
 * A partner signs in the way a person does: asks for a magic link, reads the email, exchanges
 * the token for a session. Resolves with the session token for `Authorization: Bearer`.
 */
export async function signInPartner(stack: TestStack, api: Api, email: string, program = 'demo'): Promise<string> {
  const before = stack.mail.messages.length;
  const requested = await api('/v1/auth/magic-link', { method: 'POST', key: null, body: JSON.stringify({ programSlug: program, email }) });
  expect(requested.status).toBe(202);
  const token = await magicLinkTokenFor(stack, email, before);
  const session = await api('/v1/auth/session', { method: 'POST', key: null, body: JSON.stringify({ token }) });
  expect(session.status).toBe(201);
  return (await readJson(session)).token;
}

/**
 * The demo program's postback secret, rotated once per stack: the api caches a program's secret
 * for a few seconds (a rotation takes effect within that), so rotating before every sale would
 * refuse the second one.
 */
const demoSecrets = new WeakMap<TestStack, Promise<string>>();
function demoPostbackSecret(stack: TestStack, api: Api): Promise<string> {
  let secret = demoSecrets.get(stack);
  if (!secret) {
    secret = api('/v1/programs/demo/postback-secret', { method: 'POST' }).then(async (response) => (await readJson(response)).secret);
    demoSecrets.set(stack, secret);
  }
  return secret;
}

/**
 * A visitor clicks the link (an hour ago, clear of the fast-conversion flag) and buys: a sale
 * event in EUR through the demo program's events endpoint.
 */
export async function referSale(stack: TestStack, api: Api, slug: string, externalId: string, amount: string): Promise<string> {
  const clickId = await followLink(stack, slug);
  await stack.prisma.click.update({ where: { id: clickId }, data: { at: new Date(Date.now() - 3_600_000) } });
  const secret = await demoPostbackSecret(stack, api);
  const sale = await api('/v1/programs/demo/events', {
    method: 'POST',
    key: null,
    headers: { authorization: `Bearer ${secret}` },
    body: JSON.stringify({ type: 'sale', externalId, clickId, amount, currency: 'EUR' }),
  });
  expect(sale.status).toBe(201);
  return (await readJson(sale)).conversionId;
}
