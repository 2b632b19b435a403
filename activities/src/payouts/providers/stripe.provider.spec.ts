import { PaymentProviderDouble } from '../../../../test/support/payment-provider-double';
import { disbursement } from './provider.fixtures';
import { ProviderUnavailableError } from './provider-results';
import { StripeProvider } from './stripe.provider';

/** The Stripe provider through the official SDK against the local double of the Stripe transfers API. */
describe('Stripe provider (against the payment provider double)', () => {
  const double = new PaymentProviderDouble();
  let stripe: StripeProvider;
  const toConnectedAccount = () => disbursement({ type: 'stripe', details: { accountId: 'acct_1Partner0001' } });

  beforeAll(async () => {
    const { url } = await double.start();
    stripe = new StripeProvider({ apiKey: 'sk_test_double', apiBase: url, timeoutMs: 500 });
  });
  afterAll(() => double.stop());

  it('transfers to the connected account with the payout id as idempotency key, and reports it paid', async () => {
    const request = toConnectedAccount();
    const result = await stripe.disburse(request);
    expect(result).toEqual({ outcome: 'paid', providerReference: expect.stringMatching(/^tr_/), providerStatus: 'paid' });
    const [sent] = double.requests({ provider: 'stripe', idempotencyKey: request.payoutId });
    expect(sent).toMatchObject({ method: 'POST', path: '/v1/transfers', status: 200 });
    expect(sent.body).toMatchObject({ amount: '12345', currency: 'eur', destination: 'acct_1Partner0001', transfer_group: request.payoutId, 'metadata[payoutId]': request.payoutId });
    expect(await stripe.checkStatus(request, result.providerReference!)).toEqual(result);
  });

  it("returns Stripe's refusal as a failure with its reason", async () => {
    const request = toConnectedAccount();
    double.failNext({ kind: 'refuse', code: 'account_invalid', reason: 'The destination account is closed.' }, { key: request.payoutId });
    expect(await stripe.disburse(request)).toEqual({ outcome: 'failed', providerStatus: 'account_invalid', reason: 'Stripe: The destination account is closed.' });
    expect(double.payments(request.payoutId)).toEqual([]);
  });

  it('throws on a timeout, and the retry with the same key pays once', async () => {
    const request = toConnectedAccount();
    double.failNext({ kind: 'timeout' }, { key: request.payoutId });
    await expect(stripe.disburse(request)).rejects.toThrow(ProviderUnavailableError);
    const retried = await stripe.disburse(request);
    expect(retried.outcome).toBe('paid');
    expect(double.payments(request.payoutId)).toEqual([expect.objectContaining({ reference: retried.providerReference, amount: '12345' })]);
    expect(double.requests({ provider: 'stripe', idempotencyKey: request.payoutId }).map((sent) => sent.status)).toEqual([0, 200]);
  });

  it('throws on a 500 (retried by Temporal), then pays', async () => {
    const request = toConnectedAccount();
    double.failNext({ kind: 'server-error' }, { key: request.payoutId });
    await expect(stripe.disburse(request)).rejects.toThrow(/Stripe is unavailable/);
    expect((await stripe.disburse(request)).outcome).toBe('paid');
    expect(double.payments(request.payoutId)).toHaveLength(1);
  });

  it('treats a replayed ("duplicate") answer for the key as the success it is', async () => {
    const request = toConnectedAccount();
    double.failNext({ kind: 'duplicate' }, { key: request.payoutId });
    expect((await stripe.disburse(request)).outcome).toBe('paid');
    expect((await stripe.disburse(request)).outcome).toBe('paid');
    expect(double.payments(request.payoutId)).toHaveLength(1);
  });

  it('finds the first transfer when the key was used with other parameters, instead of paying again', async () => {
    const request = toConnectedAccount();
    const first = await stripe.disburse(request);
    const changed = await stripe.disburse({ ...request, amountMinor: 99n });
    expect(changed).toEqual(first);
    expect(double.payments(request.payoutId)).toHaveLength(1);
  });

  it('reports a reversed transfer as failed when its status is checked', async () => {
    const request = toConnectedAccount();
    const paid = await stripe.disburse(request);
    double.returnPayment(request.payoutId);
    expect(await stripe.checkStatus(request, paid.providerReference!)).toMatchObject({ outcome: 'failed', providerStatus: 'reversed' });
  });

  it('refuses without calling Stripe when it is not configured or the details are wrong', async () => {
    const before = double.requests().length;
    const unconfigured = new StripeProvider({ apiBase: 'https://api.stripe.com' });
    expect(await unconfigured.disburse(toConnectedAccount())).toEqual({ outcome: 'failed', providerStatus: 'not_configured', reason: 'Stripe payouts are not configured: set STRIPE_API_KEY' });
    expect(await stripe.disburse(disbursement({ type: 'stripe', details: { accountId: 'nope' } }))).toMatchObject({ outcome: 'failed', providerStatus: 'invalid_details' });
    expect(double.requests()).toHaveLength(before);
  });
});
