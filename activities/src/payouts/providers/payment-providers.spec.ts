import { parseEnv } from '@partnerflow/domain';
import { createPaymentProviders, PROVIDER_FOR_METHOD } from './index';
import { disbursement } from './provider.fixtures';

const env = parseEnv({ DATABASE_URL: 'postgresql://localhost/unused' });

describe('payment providers', () => {
  const providers = createPaymentProviders(env);

  it('has one provider per name and one for each payout method type', () => {
    expect(Object.keys(providers).sort()).toEqual(['bank-file', 'manual', 'paypal', 'stripe']);
    for (const name of Object.values(PROVIDER_FOR_METHOD)) expect(providers[name].name).toBe(name);
    expect(PROVIDER_FOR_METHOD.bank_transfer).toBe('bank-file');
  });

  it('leaves a manual payout pending for finance to mark paid', async () => {
    const request = disbursement({ type: 'manual', details: {} });
    expect(await providers.manual.disburse(request)).toEqual({ outcome: 'pending', providerStatus: 'awaiting_manual_payment' });
    expect(await providers.manual.checkStatus(request, 'cheque 1001')).toEqual({ outcome: 'pending', providerStatus: 'awaiting_manual_payment', providerReference: 'cheque 1001' });
  });

  it('puts a bank transfer into the run’s bank file: SEPA XML for EUR to a SEPA IBAN, CSV otherwise', async () => {
    const sepa = disbursement({ type: 'bank_transfer', details: { accountHolder: 'Ada', iban: 'DE89 3704 0044 0532 0130 00' } });
    expect(await providers['bank-file'].disburse(sepa)).toEqual({
      outcome: 'pending',
      providerStatus: 'awaiting_bank_file',
      providerReference: 'payout-prg_demo-2026-01-31-sepa-eur.xml',
    });
    const usd = disbursement({ type: 'bank_transfer', details: { accountHolder: 'Grace', accountNumber: '000123456789', routingNumber: '021000021', country: 'US' } }, { currency: 'USD' });
    expect((await providers['bank-file'].disburse(usd)).providerReference).toBe('payout-prg_demo-2026-01-31-usd.csv');
  });

  it('fails a bank transfer to an invalid account at once, with the reason', async () => {
    const typo = disbursement({ type: 'bank_transfer', details: { accountHolder: 'Ada', iban: 'DE89370400440532013001' } });
    expect(await providers['bank-file'].disburse(typo)).toEqual({
      outcome: 'failed',
      providerStatus: 'invalid_details',
      reason: 'the bank transfer payout method is incomplete: iban: the check digits do not match: a character is mistyped',
    });
  });

  it('refuses Stripe and PayPal payouts with the variables to set when their credentials are missing', async () => {
    expect((await providers.stripe.disburse(disbursement({ type: 'stripe', details: { accountId: 'acct_1Partner0001' } }))).reason).toMatch(/set STRIPE_API_KEY/);
    expect((await providers.paypal.disburse(disbursement({ type: 'paypal', details: { email: 'a@example.com' } }))).reason).toMatch(/set PAYPAL_CLIENT_ID and PAYPAL_CLIENT_SECRET/);
  });
});
