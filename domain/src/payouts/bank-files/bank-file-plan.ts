import type { BankTransferDetails } from './bank-account.schema';
import { ibanCountry, isSepaCountry } from './iban';

/**
 * Which file each bank-transfer payout of a run goes into: EUR to an IBAN in SEPA → the run's pain.001 file;
 * everything else → one CSV batch per currency. File names carry the run id, so downloads never mix runs.
 */
export interface BankFilePayout {
  payoutId: string;
  partnerId: string;
  amountMinor: bigint;
  currency: string;
  account: BankTransferDetails;
}

export type BankFileFormat = 'sepa-xml' | 'csv';

export interface PlannedBankFile {
  name: string;
  format: BankFileFormat;
  currency: string;
  /** Sorted by payout id, so the same payouts always make the same file. */
  payouts: BankFilePayout[];
  totalMinor: bigint;
}

export function isSepaTransfer(currency: string, account: BankTransferDetails): boolean {
  return currency.toUpperCase() === 'EUR' && account.iban !== undefined && isSepaCountry(ibanCountry(account.iban));
}

export function bankFileNameFor(runId: string, currency: string, account: BankTransferDetails): string {
  return isSepaTransfer(currency, account) ? `${runId}-sepa-eur.xml` : `${runId}-${currency.toLowerCase()}.csv`;
}

export function planBankFiles(runId: string, payouts: BankFilePayout[]): PlannedBankFile[] {
  const files = new Map<string, PlannedBankFile>();
  for (const payout of [...payouts].sort((a, b) => (a.payoutId < b.payoutId ? -1 : a.payoutId > b.payoutId ? 1 : 0))) {
    const name = bankFileNameFor(runId, payout.currency, payout.account);
    const file = files.get(name) ?? {
      name,
      format: name.endsWith('.xml') ? 'sepa-xml' : 'csv',
      currency: payout.currency.toUpperCase(),
      payouts: [],
      totalMinor: 0n,
    };
    file.payouts.push(payout);
    file.totalMinor += payout.amountMinor;
    files.set(name, file);
  }
  return [...files.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
}

/**
 * The SEPA MsgId of a run's file: 34 characters from two FNV-1a-64 hashes of the file name. Stable, so a second
 * upload of the same file is refused by the bank as a duplicate message; pure, so it runs anywhere.
 */
export function sepaMessageId(fileName: string): string {
  return `PF${fnv1a64(fileName, 0xcbf29ce484222325n)}${fnv1a64(fileName, 0x84222325cbf29ce4n)}`.toUpperCase();
}

function fnv1a64(input: string, offset: bigint): string {
  let hash = offset;
  for (const byte of new TextEncoder().encode(input)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}
