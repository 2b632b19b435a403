import type { LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { classifyIpAddress, webhookDestinationRefusal, webhookUrlHost } from '@partnerflow/domain';

/** A host name that does not resolve within this is treated as unresolvable (getaddrinfo can hang for long). */
const RESOLVE_TIMEOUT_MS = 5_000;

export interface WebhookDestinationPolicy {
  /** WEBHOOK_ALLOW_PRIVATE_NETWORKS: internal addresses are allowed too (local receivers in development and tests). */
  allowPrivateNetworks: boolean;
}

/**
 * Where one delivery may connect: `connect` pins the connection to the addresses checked here (a
 * DNS answer that changes before the connection — rebinding — is never asked for), `refused` when
 * every address is internal, `unresolved` when the host name does not resolve (a failure worth
 * retrying, like a refused connection).
 */
export type WebhookDestination =
  | { outcome: 'connect'; lookup?: LookupFunction }
  | { outcome: 'refused'; reason: string }
  | { outcome: 'unresolved'; reason: string };

async function resolve(host: string): Promise<LookupAddress[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no DNS answer within ${RESOLVE_TIMEOUT_MS / 1000} s`), { code: 'ETIMEOUT' })), RESOLVE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([lookup(host, { all: true, verbatim: true }), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Answers Node's connection lookup from the checked addresses only. */
export function pinnedLookup(addresses: LookupAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const usable = options.family ? addresses.filter((address) => address.family === options.family) : addresses;
    if (usable.length === 0) {
      callback(Object.assign(new Error('no checked address of the requested family'), { code: 'ENOTFOUND' }), '', 4);
    } else if (options.all) {
      callback(null, usable);
    } else {
      callback(null, usable[0].address, usable[0].family);
    }
  };
}

/**
 * Checks a webhook URL's host against the internal networks (domain/src/webhooks/webhook-destination.ts):
 * a literal address directly, a host name by resolving it, keeping only its public addresses.
 */
export async function checkWebhookDestination(url: string, { allowPrivateNetworks }: WebhookDestinationPolicy): Promise<WebhookDestination> {
  if (allowPrivateNetworks) return { outcome: 'connect' };
  const destination = webhookUrlHost(url);
  if (destination.literalAddress) {
    return classifyIpAddress(destination.host) === 'public' ? { outcome: 'connect' } : { outcome: 'refused', reason: webhookDestinationRefusal(destination, [destination.host]) };
  }
  let addresses: LookupAddress[];
  try {
    addresses = await resolve(destination.host);
  } catch (error) {
    const code = (error as { code?: string }).code;
    return { outcome: 'unresolved', reason: `could not resolve ${destination.host}${code ? ` (${code})` : ''}` };
  }
  if (addresses.length === 0) return { outcome: 'unresolved', reason: `${destination.host} has no address` };
  const allowed = addresses.filter((address) => classifyIpAddress(address.address) === 'public');
  if (allowed.length === 0) {
    return { outcome: 'refused', reason: webhookDestinationRefusal(destination, addresses.map((address) => address.address)) };
  }
  return { outcome: 'connect', lookup: pinnedLookup(allowed) };
}

/**
 * For the api, when an endpoint is saved: why its URL is refused (a literal internal address, or a
 * host resolving only to internal ones), else undefined. A host that does not resolve (yet) is
 * accepted; each delivery checks again.
 */
export async function webhookUrlProblem(url: string, policy: WebhookDestinationPolicy): Promise<string | undefined> {
  const destination = await checkWebhookDestination(url, policy);
  return destination.outcome === 'refused' ? destination.reason : undefined;
}
