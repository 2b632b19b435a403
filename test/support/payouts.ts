import { validW8ben } from '../../domain/src/tax/tax-forms.fixtures';
import { readJson, type ApiRequest, type Json } from './http';
import { eventually, type TestStack } from './stack';
import { followLink, linkFor } from './tracking';

type Api = (path: string, init?: ApiRequest) => Promise<Response>;

/** A sale of `amount` EUR credited to the partner through a click an hour old (no fast-conversion flag). */
export async function earnSale(stack: TestStack, api: Api, secret: string, partnerId: string, amount: string): Promise<void> {
  const clickId = await followLink(stack, (await linkFor(api, partnerId)).slug);
  await stack.prisma.click.update({ where: { id: clickId }, data: { at: new Date(Date.now() - 3_600_000) } });
  const sale = await api('/v1/programs/demo/events', {
    method: 'POST',
    key: null,
    headers: { authorization: `Bearer ${secret}` },
    body: JSON.stringify({ type: 'sale', externalId: `order-${partnerId}`, clickId, amount, currency: 'EUR' }),
  });
  expect(sale.status).toBe(201);
}

/** The partner's approved EUR balance as the api shows it. */
export const approvedEurBalance = (api: Api, partnerId: string): Promise<string | undefined> =>
  api(`/v1/partners/${partnerId}/balance`)
    .then(readJson)
    .then((body: Json) => body.currencies.find((c: Json) => c.currency === 'EUR')?.approved.amount as string | undefined);

/** Waits (hold workflows release on their own; slow on a loaded machine) until the approved balance is `amount`. */
export function approvedBalanceReaches(api: Api, partnerId: string, amount: string): Promise<true> {
  return eventually(`${amount} approved for ${partnerId}`, async () => ((await approvedEurBalance(api, partnerId)) === amount ? true : undefined), 120_000);
}

/** Ready to be paid: a W-8BEN (unless left out) and a manual payout method set three days ago, past the 48-hour anti-takeover hold. */
export async function makePayable(stack: TestStack, api: Api, partnerId: string, { taxForm = true } = {}): Promise<void> {
  if (taxForm) expect((await api(`/v1/partners/${partnerId}/tax-profile`, { method: 'PUT', body: JSON.stringify(validW8ben()) })).status).toBe(200);
  expect((await api(`/v1/partners/${partnerId}/payout-method`, { method: 'PUT', body: JSON.stringify({ type: 'manual', details: { note: 'pay by transfer' } }) })).status).toBe(200);
  await stack.prisma.payoutMethod.update({ where: { partnerId }, data: { changedAt: new Date(Date.now() - 3 * 86_400_000) } });
}
