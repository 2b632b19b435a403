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
 * the delivery workflow retries. Never throws.
 */
export async function postWebhook(url: string, headers: Record<string, string>, body: string): Promise<WebhookHttpResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const text = await response.text().catch(() => '');
    const succeeded = response.status >= 200 && response.status < 300;
    return {
      succeeded,
      statusCode: response.status,
      latencyMs: elapsed(),
      error: succeeded ? null : `HTTP ${response.status}`,
      responseBody: text.slice(0, RESPONSE_BODY_KEPT) || null,
    };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const message = error instanceof Error ? (error.name === 'TimeoutError' ? `no answer within ${REQUEST_TIMEOUT_MS / 1000} s` : error.message) : String(error);
    return { succeeded: false, statusCode: null, latencyMs: elapsed(), error: cause ? `${message} (${cause})` : message, responseBody: null };
  }
}
