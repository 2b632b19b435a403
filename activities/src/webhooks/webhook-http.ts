import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';

/** A receiver gets this long to answer; Standard Webhooks suggests a short timeout. */
const REQUEST_TIMEOUT_MS = 15_000;
const RESPONSE_BODY_KEPT = 1_000;

export interface WebhookHttpResult {
  succeeded: boolean;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  responseBody: string | null;
}

/**
 * One POST. Any 2xx is a success; anything else — another status, a redirect (not followed: the
 * endpoint's URL is the one the operator registered), a timeout or a network error — a failure
 * the delivery workflow retries. Never throws. `lookup` pins the connection to addresses the
 * caller checked (webhook-destination.ts); node:http rather than fetch, which cannot take one.
 * A fresh connection each time (no agent), so no pooled socket outlives that check.
 */
export function postWebhook(url: string, headers: Record<string, string>, body: string, lookup?: LookupFunction): Promise<WebhookHttpResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let settled = false;
    let request: ClientRequest | undefined;
    const settle = (result: Omit<WebhookHttpResult, 'latencyMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, latencyMs: elapsed() });
      request?.destroy();
    };
    const fail = (error: Error) => {
      const code = (error as NodeJS.ErrnoException).code;
      settle({ succeeded: false, statusCode: null, error: code && !error.message.includes(code) ? `${error.message} (${code})` : error.message, responseBody: null });
    };
    const answered = (response: IncomingMessage) => {
      const status = response.statusCode ?? 0;
      const succeeded = status >= 200 && status < 300;
      let text = '';
      const done = () => settle({ succeeded, statusCode: status, error: succeeded ? null : `HTTP ${status}`, responseBody: text.slice(0, RESPONSE_BODY_KEPT) || null });
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
        // Enough is kept: no need to read a large answer to its end.
        if (text.length >= RESPONSE_BODY_KEPT) done();
      });
      response.on('end', done);
      response.on('error', done);
    };

    const timer = setTimeout(() => settle({ succeeded: false, statusCode: null, error: `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`, responseBody: null }), REQUEST_TIMEOUT_MS);
    try {
      const target = new URL(url);
      const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
      request = send(target, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, agent: false, lookup }, answered);
      request.on('error', fail);
      request.end(body);
    } catch (error) {
      fail(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
