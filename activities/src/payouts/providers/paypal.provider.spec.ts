import { PaymentProviderDouble } from '../../../../test/support/payment-provider-double';
import { PayPalProvider } from './paypal.provider';
import { disbursement } from './provider.fixtures';
import { ProviderUnavailableError } from './provider-results';

/** The PayPal provider through the official Payouts SDK against the local double of PayPal OAuth + Payouts. */
describe('PayPal provider (against the payment provider double)', () => {
  const double = new PaymentProviderDouble();
  let paypal: PayPalProvider;
  const toPayPal = () => disbursement({ type: 'paypal', details: { email: 'ada@example.com' } });

  beforeAll(async () => {
    const { url } = await double.start();
    paypal = new PayPalProvider({ clientId: 'double-client', clientSecret: 'double-secret', apiBase: url, timeoutMs: 500 });
  });
  afterAll(() => double.stop());

  it('sends one batch keyed by the payout id, pending until PayPal reports the item paid', async () => {
    const request = toPayPal();
    const sent = await paypal.disburse(request);
    expect(sent).toEqual({ outcome: 'pending', providerStatus: 'PENDING', providerReference: expect.stringMatching(/^DOUBLE/), recheckAfterSeconds: 300 });
    expect(double.requests({ provider: 'paypal', operation: 'token' })).not.toHaveLength(0);
    const [post] = double.requests({ provider: 'paypal', operation: 'create', idempotencyKey: request.payoutId });
    expect(post.body).toMatchObject({
      sender_batch_header: { sender_batch_id: request.payoutId },
      items: [{ recipient_type: 'EMAIL', receiver: 'ada@example.com', amount: { value: '123.45', currency: 'EUR' }, sender_item_id: request.payoutId }],
    });
    expect(await paypal.checkStatus(request, sent.providerReference!)).toEqual({ outcome: 'paid', providerStatus: 'SUCCESS', providerReference: sent.providerReference });
  });

  it("returns PayPal's refusal of the batch as a failure with its reason", async () => {
    const request = toPayPal();
    double.failNext({ kind: 'refuse', code: 'INSUFFICIENT_FUNDS', reason: 'Sender does not have sufficient funds.' }, { key: request.payoutId });
    expect(await paypal.disburse(request)).toEqual({ outcome: 'failed', providerStatus: 'INSUFFICIENT_FUNDS', reason: 'PayPal: Sender does not have sufficient funds.' });
    expect(double.payments(request.payoutId)).toEqual([]);
  });

  it('reports an item PayPal failed or returned as failed with its reason', async () => {
    const request = toPayPal();
    const sent = await paypal.disburse(request);
    double.settle(request.payoutId, { status: 'FAILED', reason: 'Receiver is unregistered.' });
    expect(await paypal.checkStatus(request, sent.providerReference!)).toMatchObject({ outcome: 'failed', providerStatus: 'FAILED', reason: 'PayPal: Receiver is unregistered.' });
    double.returnPayment(request.payoutId);
    expect(await paypal.checkStatus(request, sent.providerReference!)).toMatchObject({ outcome: 'failed', providerStatus: 'RETURNED' });
  });

  it('throws on a timeout; the retry meets the duplicate, reads the first batch back and pays once', async () => {
    const request = toPayPal();
    double.failNext({ kind: 'timeout' }, { key: request.payoutId });
    await expect(paypal.disburse(request)).rejects.toThrow(ProviderUnavailableError);
    const retried = await paypal.disburse(request);
    expect(retried).toMatchObject({ outcome: 'paid', providerStatus: 'SUCCESS' });
    expect(double.payments(request.payoutId)).toEqual([expect.objectContaining({ reference: retried.providerReference, amount: '123.45' })]);
    expect(double.requests({ operation: 'create', idempotencyKey: request.payoutId }).map((sent) => sent.status)).toEqual([0, 400]);
  });

  it('treats a "duplicate" answer as success by reading back the existing batch', async () => {
    const request = toPayPal();
    double.failNext({ kind: 'duplicate' }, { key: request.payoutId });
    const result = await paypal.disburse(request);
    expect(result).toMatchObject({ outcome: 'paid', providerReference: double.payments(request.payoutId)[0].reference });
    expect(double.requests({ operation: 'read', idempotencyKey: request.payoutId })).toHaveLength(1);
  });

  it('throws on a 500, so the same sender_batch_id is tried again', async () => {
    const request = toPayPal();
    double.failNext({ kind: 'server-error' }, { key: request.payoutId });
    await expect(paypal.disburse(request)).rejects.toThrow(/PayPal is unavailable/);
    expect((await paypal.disburse(request)).outcome).toBe('pending');
    expect(double.payments(request.payoutId)).toHaveLength(1);
  });

  it('pays HUF in whole forints, as PayPal requires', async () => {
    const request = { ...toPayPal(), currency: 'HUF', amountMinor: 150_000n };
    await paypal.disburse(request);
    expect(double.payments(request.payoutId)[0]).toMatchObject({ amount: '1500', currency: 'HUF' });
    expect(await paypal.disburse({ ...toPayPal(), currency: 'HUF', amountMinor: 150_050n })).toMatchObject({ outcome: 'failed', providerStatus: 'invalid_amount' });
  });

  it('refuses without calling PayPal when it is not configured or the details are wrong', async () => {
    const before = double.requests().length;
    const unconfigured = new PayPalProvider({ clientId: 'only-the-id', apiBase: 'https://api-m.paypal.com' });
    expect(await unconfigured.disburse(toPayPal())).toEqual({
      outcome: 'failed',
      providerStatus: 'not_configured',
      reason: 'PayPal payouts are not configured: set PAYPAL_CLIENT_ID and PAYPAL_CLIENT_SECRET',
    });
    expect(await paypal.disburse(disbursement({ type: 'paypal', details: { email: 'not-an-email' } }))).toMatchObject({ outcome: 'failed', providerStatus: 'invalid_details' });
    expect(double.requests()).toHaveLength(before);
  });
});
