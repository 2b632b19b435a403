/**
 * PaymentProviderDouble: a local HTTP DOUBLE of the two outside payment APIs (they cannot be reached from tests):
 * the Stripe transfers API and the PayPal OAuth + Payouts API. Not a mock of our code — the official SDKs talk
 * to it over HTTP, exactly as to the real services. It remembers idempotency keys as they do: Stripe replays the
 * first answer for an Idempotency-Key (a 400 idempotency_error if the parameters differ); PayPal refuses a reused
 * sender_batch_id with a USER_BUSINESS_ERROR "duplicate" that links the first batch.
 *
 *   const double = new PaymentProviderDouble();
 *   const { url } = await double.start();          // set STRIPE_API_BASE and PAYPAL_API_BASE to url
 *   double.failNext({ kind: 'refuse', reason: 'account closed' }, { key: 'pay_1' }); // 4xx with the reason
 *   double.failNext({ kind: 'server-error' }, { provider: 'paypal' }); // 500; nothing is created
 *   double.failNext({ kind: 'timeout' });          // the payment IS made, then no answer until the client gives up
 *   double.failNext({ kind: 'duplicate' });        // answers as to a retried key (made now if not made before)
 *   double.settle('pay_1', { status: 'FAILED', reason: 'receiver unregistered' }); // PayPal item outcome
 *   double.returnPayment('pay_1');                 // Stripe transfer reversed / PayPal item RETURNED
 *   double.requests();                             // every request: provider, operation, method, path, key, body, status
 *   double.payments();                             // money actually moved: one entry per key, ever
 *   await double.stop();
 *
 * A fault applies to the next matching `create` request (POST /v1/transfers, POST /v1/payments/payouts) unless
 * `operation: 'read'` is given; `times` repeats it. Injected 500s are not remembered under the key (as if the
 * service failed before starting the request), so a retry with the same key goes through.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type DoubleProvider = 'stripe' | 'paypal';
export type DoubleOperation = 'token' | 'create' | 'read';
export type Fault = { kind: 'refuse'; reason: string; code?: string; status?: number } | { kind: 'server-error' } | { kind: 'timeout' } | { kind: 'duplicate' };
export interface FaultMatch {
  provider?: DoubleProvider;
  /** The payout id: Stripe's Idempotency-Key, PayPal's sender_batch_id. */
  key?: string;
  operation?: 'create' | 'read';
  times?: number;
}
export interface RecordedRequest {
  provider: DoubleProvider;
  operation: DoubleOperation;
  method: string;
  path: string;
  idempotencyKey?: string;
  body: unknown;
  /** The status answered; 0 while (or when) the request hung. */
  status: number;
}
export interface DoublePayment {
  provider: DoubleProvider;
  key: string;
  reference: string;
  amount: string;
  currency: string;
  destination: string;
}

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export class PaymentProviderDouble {
  private server?: Server;
  private url = '';
  private readonly log: RecordedRequest[] = [];
  private readonly faults: { fault: Fault; match: FaultMatch; left: number }[] = [];
  private readonly stripeKeys = new Map<string, { params: string; answer: Answer }>();
  private readonly transfers = new Map<string, Record<string, unknown>>();
  private readonly batches = new Map<string, { id: string; key: string; body: Record<string, unknown> }>();
  private readonly outcomes = new Map<string, { status: string; reason?: string }>();
  private readonly moved: DoublePayment[] = [];
  private readonly tokens = new Set<string>();
  private readonly hanging = new Set<ServerResponse>();

  async start(): Promise<{ url: string }> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return { url: this.url };
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  failNext(fault: Fault, match: FaultMatch = {}): void {
    this.faults.push({ fault, match, left: match.times ?? 1 });
  }

  /** How PayPal reports the item of this payout's batch on the next reads (default SUCCESS). */
  settle(key: string, outcome: { status: string; reason?: string }): void {
    this.outcomes.set(key, outcome);
  }

  returnPayment(key: string): void {
    const transfer = [...this.transfers.values()].find((t) => t.transfer_group === key);
    if (transfer) Object.assign(transfer, { reversed: true, amount_reversed: transfer.amount });
    else this.settle(key, { status: 'RETURNED', reason: 'the payment was returned' });
  }

  requests(filter: Partial<Pick<RecordedRequest, 'provider' | 'operation' | 'idempotencyKey'>> = {}): RecordedRequest[] {
    return this.log.filter((r) => Object.entries(filter).every(([field, value]) => r[field as keyof RecordedRequest] === value));
  }

  payments(key?: string): DoublePayment[] {
    return this.moved.filter((payment) => key === undefined || payment.key === key);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await new Promise<string>((resolve) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk)).on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
    const path = req.url ?? '/';
    const provider: DoubleProvider = path.startsWith('/v1/transfers') ? 'stripe' : 'paypal';
    const json = (req.headers['content-type'] ?? '').includes('json');
    const body = json && text ? (JSON.parse(text) as Record<string, unknown>) : Object.fromEntries(new URLSearchParams(text));
    const operation: DoubleOperation = path.startsWith('/v1/oauth2') ? 'token' : req.method === 'POST' ? 'create' : 'read';
    const key = provider === 'stripe' ? (req.headers['idempotency-key'] as string | undefined) : this.paypalKey(operation, path, body);
    const record: RecordedRequest = { provider, operation, method: req.method ?? 'GET', path, idempotencyKey: key, body, status: 0 };
    this.log.push(record);
    const fault = operation === 'token' ? undefined : this.takeFault(provider, operation, key);
    const answer = provider === 'stripe' ? this.stripe(req, path, body, key, fault) : this.paypal(req, path, body, key, fault);
    if (fault?.kind === 'timeout') {
      this.hanging.add(res);
      res.on('close', () => this.hanging.delete(res));
      return;
    }
    record.status = answer.status;
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(JSON.stringify(answer.body));
  }

  private takeFault(provider: DoubleProvider, operation: DoubleOperation, key: string | undefined): Fault | undefined {
    const index = this.faults.findIndex(
      ({ match }) => (match.provider ?? provider) === provider && (match.operation ?? 'create') === operation && (match.key ?? key) === key,
    );
    if (index < 0) return undefined;
    const entry = this.faults[index];
    if (--entry.left <= 0) this.faults.splice(index, 1);
    return entry.fault;
  }

  // ---- Stripe: POST /v1/transfers, GET /v1/transfers/:id, GET /v1/transfers?transfer_group=

  private stripe(req: IncomingMessage, path: string, body: Record<string, unknown>, key: string | undefined, fault?: Fault): Answer {
    if (!/^Bearer \S+/.test(req.headers.authorization ?? '')) return stripeError(401, 'authentication_error', undefined, 'No API key provided');
    if (fault?.kind === 'server-error') return stripeError(500, 'api_error', undefined, 'An unknown error occurred (double)');
    const [route, query] = path.split('?');
    if (req.method === 'GET' && route === '/v1/transfers') {
      const group = new URLSearchParams(query).get('transfer_group');
      const data = [...this.transfers.values()].filter((t) => t.transfer_group === group);
      return { status: 200, body: { object: 'list', data, has_more: false, url: '/v1/transfers' } };
    }
    if (req.method === 'GET') {
      const transfer = this.transfers.get(route.slice('/v1/transfers/'.length));
      return transfer ? { status: 200, body: transfer } : stripeError(404, 'invalid_request_error', 'resource_missing', `No such transfer: '${route}'`);
    }
    const params = JSON.stringify(Object.entries(body).sort());
    const seen = key ? this.stripeKeys.get(key) : undefined;
    if (seen && seen.params !== params) {
      return stripeError(400, 'idempotency_error', undefined, 'Keys for idempotent requests can only be used with the same parameters they were first used with.');
    }
    if (seen) return { ...seen.answer, headers: { 'idempotent-replayed': 'true' } };
    const answer = fault?.kind === 'refuse' ? stripeError(fault.status ?? 400, 'invalid_request_error', fault.code ?? 'account_invalid', fault.reason) : this.transfer(body, key);
    if (key) this.stripeKeys.set(key, { params, answer });
    return fault?.kind === 'duplicate' ? { ...answer, headers: { 'idempotent-replayed': 'true' } } : answer;
  }

  private transfer(body: Record<string, unknown>, key: string | undefined): Answer {
    const id = `tr_double${String(this.transfers.size + 1).padStart(6, '0')}`;
    const metadata = Object.fromEntries(Object.entries(body).flatMap(([k, v]) => (/^metadata\[(.+)\]$/.exec(k) ? [[/^metadata\[(.+)\]$/.exec(k)![1], v]] : [])));
    const transfer = {
      id, object: 'transfer', amount: Number(body.amount), amount_reversed: 0, currency: body.currency, destination: body.destination,
      transfer_group: body.transfer_group ?? null, description: body.description ?? null, metadata, reversed: false, livemode: false, created: Math.floor(Date.now() / 1000),
    };
    this.transfers.set(id, transfer);
    this.moved.push({ provider: 'stripe', key: key ?? id, reference: id, amount: String(body.amount), currency: String(body.currency), destination: String(body.destination) });
    return { status: 200, body: transfer };
  }

  // ---- PayPal: POST /v1/oauth2/token, POST /v1/payments/payouts, GET /v1/payments/payouts/:batchId

  private paypalKey(operation: DoubleOperation, path: string, body: Record<string, unknown>): string | undefined {
    if (operation === 'create') return (body.sender_batch_header as { sender_batch_id?: string } | undefined)?.sender_batch_id;
    return this.batches.get(decodeURIComponent(path.split('?')[0].split('/').pop() ?? ''))?.key;
  }

  private paypal(req: IncomingMessage, path: string, body: Record<string, unknown>, key: string | undefined, fault?: Fault): Answer {
    const auth = req.headers.authorization ?? '';
    if (path.startsWith('/v1/oauth2/token')) {
      if (!/^Basic \S+/.test(auth)) return { status: 401, body: { error: 'invalid_client', error_description: 'Client Authentication failed' } };
      const token = `A21AA-double-${this.tokens.size + 1}`;
      this.tokens.add(token);
      return { status: 200, body: { scope: 'https://uri.paypal.com/payments/payouts', access_token: token, token_type: 'Bearer', app_id: 'APP-DOUBLE', expires_in: 32400 } };
    }
    if (!this.tokens.has(auth.replace(/^Bearer /, ''))) return paypalError(401, 'AUTHENTICATION_FAILURE', 'Authentication failed due to invalid authentication credentials or a missing Authorization header.');
    if (fault?.kind === 'server-error') return paypalError(500, 'INTERNAL_SERVER_ERROR', 'An internal server error occurred (double).');
    if (req.method === 'GET') {
      const batch = this.batches.get(decodeURIComponent(path.split('?')[0].split('/').pop() ?? ''));
      return batch ? { status: 200, body: this.batchView(batch, true) } : paypalError(404, 'RESOURCE_NOT_FOUND', 'The requested resource was not found.');
    }
    if (fault?.kind === 'refuse') return paypalError(fault.status ?? 422, fault.code ?? 'INSUFFICIENT_FUNDS', fault.reason);
    const existing = key ? [...this.batches.values()].find((batch) => batch.key === key) : undefined;
    const batch = existing ?? this.createBatch(body, key);
    if (existing || fault?.kind === 'duplicate') {
      return {
        status: 400,
        body: {
          name: 'USER_BUSINESS_ERROR', message: 'User business error.', debug_id: 'double', information_link: 'https://developer.paypal.com/docs/api/payments.payouts-batch/#errors',
          details: [{ field: 'SENDER_BATCH_ID', location: 'body', issue: `Batch with given sender_batch_id already exists: ${key}` }],
          links: [{ href: `${this.url}/v1/payments/payouts/${batch.id}`, rel: 'self', method: 'GET' }],
        },
      };
    }
    return { status: 201, body: this.batchView(batch, false) };
  }

  private createBatch(body: Record<string, unknown>, key: string | undefined) {
    const id = `DOUBLE${String(this.batches.size + 1).padStart(7, '0')}`;
    const batch = { id, key: key ?? id, body };
    this.batches.set(id, batch);
    const item = ((body.items ?? []) as { amount?: { value?: string; currency?: string }; receiver?: string }[])[0] ?? {};
    this.moved.push({ provider: 'paypal', key: batch.key, reference: id, amount: item.amount?.value ?? '', currency: item.amount?.currency ?? '', destination: item.receiver ?? '' });
    return batch;
  }

  /** As created: PENDING without items. As read: the item settled as told (SUCCESS by default). */
  private batchView(batch: { id: string; key: string; body: Record<string, unknown> }, read: boolean) {
    const header = { payout_batch_id: batch.id, sender_batch_header: batch.body.sender_batch_header };
    if (!read) return { batch_header: { ...header, batch_status: 'PENDING' }, links: [{ href: `${this.url}/v1/payments/payouts/${batch.id}`, rel: 'self', method: 'GET' }] };
    const outcome = this.outcomes.get(batch.key) ?? { status: 'SUCCESS' };
    const items = ((batch.body.items ?? []) as Record<string, unknown>[]).map((item, n) => ({
      payout_item_id: `${batch.id}I${n}`, transaction_status: outcome.status, payout_batch_id: batch.id, payout_item: item,
      ...(outcome.reason ? { errors: { name: outcome.status, message: outcome.reason } } : {}),
    }));
    const done = ['SUCCESS', 'FAILED', 'RETURNED', 'BLOCKED', 'REFUNDED', 'REVERSED'].includes(outcome.status);
    return { batch_header: { ...header, batch_status: done ? 'SUCCESS' : 'PROCESSING' }, items };
  }
}

function stripeError(status: number, type: string, code: string | undefined, message: string): Answer {
  return { status, body: { error: { type, ...(code ? { code } : {}), message } } };
}

function paypalError(status: number, name: string, message: string): Answer {
  return { status, body: { name, message, debug_id: 'double', details: [], links: [] } };
}
