import type { Env } from '@partnerflow/domain';
import { BankFileProvider } from './bank-file.provider';
import { ManualProvider } from './manual.provider';
import type { PaymentProvider, PaymentProviderName } from './payment-provider';
import { PayPalProvider } from './paypal.provider';
import { StripeProvider } from './stripe.provider';

export * from './payment-provider';
export { ProviderUnavailableError } from './provider-results';
export { BankFileProvider, ManualProvider, PayPalProvider, StripeProvider };

export type PaymentProviderEnv = Pick<Env, 'STRIPE_API_KEY' | 'STRIPE_API_BASE' | 'PAYPAL_CLIENT_ID' | 'PAYPAL_CLIENT_SECRET' | 'PAYPAL_API_BASE'>;

export type PaymentProviders = Record<PaymentProviderName, PaymentProvider>;

/**
 * Every provider by name, configured from the environment. `timeoutMs` bounds each HTTP call to Stripe and
 * PayPal (default 30 s); keep it below the disbursement activity's start-to-close timeout, so a hung call is
 * retried by Temporal rather than cut off mid-answer.
 */
export function createPaymentProviders(env: PaymentProviderEnv, options: { timeoutMs?: number } = {}): PaymentProviders {
  return {
    manual: new ManualProvider(),
    'bank-file': new BankFileProvider(),
    stripe: new StripeProvider({ apiKey: env.STRIPE_API_KEY, apiBase: env.STRIPE_API_BASE, timeoutMs: options.timeoutMs }),
    paypal: new PayPalProvider({ clientId: env.PAYPAL_CLIENT_ID, clientSecret: env.PAYPAL_CLIENT_SECRET, apiBase: env.PAYPAL_API_BASE, timeoutMs: options.timeoutMs }),
  };
}
