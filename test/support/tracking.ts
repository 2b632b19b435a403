import { readJson, type ApiRequest, type Json } from './http';
import { eventually, type TestStack } from './stack';

type Api = (path: string, init?: ApiRequest) => Promise<Response>;

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

/** A partner through the real application and screening to ACTIVE in the demo program. */
export async function activePartner(api: Api, email: string, partnerType = 'content'): Promise<string> {
  const response = await api('/v1/programs/demo/applications', {
    method: 'POST',
    key: null,
    body: JSON.stringify({ name: 'Tracy', email, country: 'DE', website: 'https://tracy.example.com', audienceSize: 900, partnerType }),
  });
  expect(response.status).toBe(201);
  const { partnerId } = await readJson(response);
  await eventually(`${email} to become ACTIVE`, async () => {
    const body = await readJson(await api(`/v1/partners/${partnerId}`));
    return body.stage === 'ACTIVE' ? body : undefined;
  });
  return partnerId;
}

export async function linkFor(api: Api, partnerId: string, body: Record<string, unknown> = { destination: 'https://example.com/' }): Promise<Json> {
  const response = await api(`/v1/partners/${partnerId}/links`, { method: 'POST', body: JSON.stringify(body) });
  expect(response.status).toBe(201);
  return readJson(response);
}

/** A browser follows the link; resolves with the click id once the click is stored. */
export async function followLink(stack: TestStack, slug: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(`${stack.baseUrl}/r/${slug}`, { redirect: 'manual', headers: { 'user-agent': BROWSER, ...headers } });
  expect(response.status).toBe(302);
  const clickId = new URL(response.headers.get('location') ?? '').searchParams.get('pf_click') ?? '';
  await eventually(`click ${clickId} to be stored`, async () => (await stack.prisma.click.findUnique({ where: { id: clickId } })) ?? undefined);
  return clickId;
}
