import { z } from 'zod';
import { bankTransferDetailsSchema, type BankTransferDetails } from './bank-account.schema';

/**
 * Where a partner is paid, per method type: the one definition the payout-methods API validates with and the
 * providers read the stored details with. Values are normalised (lower-case email, IBAN without spaces), so
 * comparing two stored methods tells whether the account really changed.
 */
export const PAYOUT_METHOD_TYPES = ['manual', 'bank_transfer', 'paypal', 'stripe'] as const;
export type PayoutMethodKind = (typeof PAYOUT_METHOD_TYPES)[number];

export const manualPayoutDetailsSchema = z
  .object({ note: z.string().trim().max(500).optional().describe('instructions for finance, e.g. "pay by cheque"') })
  .strict();

export const paypalPayoutDetailsSchema = z
  .object({
    email: z
      .email('must be the email address of a PayPal account')
      .max(254)
      .transform((email) => email.toLowerCase())
      .describe('the PayPal account to pay'),
  })
  .strict();

export const stripePayoutDetailsSchema = z
  .object({
    accountId: z
      .string()
      .trim()
      .regex(/^acct_[A-Za-z0-9]{6,64}$/, 'must be a Stripe connected account id (acct_…)')
      .describe('the Stripe Connect account transfers go to'),
  })
  .strict();

export const payoutMethodSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('manual'), details: manualPayoutDetailsSchema.prefault({}) }),
  z.object({ type: z.literal('bank_transfer'), details: bankTransferDetailsSchema }),
  z.object({ type: z.literal('paypal'), details: paypalPayoutDetailsSchema }),
  z.object({ type: z.literal('stripe'), details: stripePayoutDetailsSchema }),
]);
export type PayoutMethodInput = z.output<typeof payoutMethodSchema>;

/** What may be shown of the details: the last 4 of account numbers, a partly hidden email, no full ids. */
export function maskPayoutMethodDetails(type: PayoutMethodKind, details: Record<string, unknown>): Record<string, string> {
  const text = (key: string) => (typeof details[key] === 'string' ? (details[key] as string) : undefined);
  const masked: Record<string, string | undefined> = {};
  if (type === 'manual') masked.note = text('note');
  if (type === 'paypal') masked.email = maskEmail(text('email') ?? '');
  if (type === 'stripe') masked.accountId = lastFour(text('accountId'), 'acct_…');
  if (type === 'bank_transfer') {
    const bank = details as Partial<BankTransferDetails>;
    Object.assign(masked, {
      accountHolder: bank.accountHolder,
      iban: bank.iban ? lastFour(bank.iban, `${bank.iban.slice(0, 2)}…`) : undefined,
      accountNumber: lastFour(bank.accountNumber, '…'),
      routingNumber: bank.routingNumber,
      bic: bank.bic,
      country: bank.country,
    });
  }
  return Object.fromEntries(Object.entries(masked).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

function lastFour(value: string | undefined, prefix: string): string | undefined {
  return value === undefined ? undefined : `${prefix}${value.slice(-4)}`;
}

/** "ada.lovelace@example.com" → "a***e@example.com": enough for the partner to recognise it, not to read it. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  const local = email.slice(0, at);
  const shown = local.length <= 2 ? `${local[0]}***` : `${local[0]}***${local[local.length - 1]}`;
  return `${shown}${email.slice(at)}`;
}
