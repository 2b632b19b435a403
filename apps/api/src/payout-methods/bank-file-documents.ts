import {
  bankTransferDetailsSchema,
  csvBatch,
  formatAmount,
  isSepaTransfer,
  planBankFiles,
  sepaCreditTransferXml,
  sepaMessageId,
  toSepaIdentifier,
  type BankFilePayout,
  type PlannedBankFile,
} from '@partnerflow/domain';
import type { BankTransferPayoutRow } from './payout-methods.repository';

/** The program's own account, debited by the SEPA file (PAYOUT_DEBTOR_* in the environment). */
export interface BankFileDebtor {
  name?: string;
  iban?: string;
  bic?: string;
}

export interface ExcludedPayout {
  payoutId: string;
  partnerId: string;
  reason: string;
}

export const CONTENT_TYPES = { 'sepa-xml': 'application/xml; charset=utf-8', csv: 'text/csv; charset=utf-8' } as const;

/**
 * A run's bank files from its bank-transfer payouts and the partners' accounts. A payout whose account changed
 * after the run approved it is left out (with the reason): the file must never pay an account nobody checked —
 * the same anti-takeover rule that holds payouts after a change.
 */
export function planRunBankFiles(runId: string, rows: BankTransferPayoutRow[]): { files: PlannedBankFile[]; excluded: ExcludedPayout[] } {
  const excluded: ExcludedPayout[] = [];
  const payouts: BankFilePayout[] = [];
  for (const row of rows) {
    const exclude = (reason: string) => excluded.push({ payoutId: row.id, partnerId: row.partnerId, reason });
    if (!row.method || row.method.type !== 'bank_transfer') {
      exclude('the partner has no bank-transfer payout method any more');
      continue;
    }
    if (row.method.changedAt > row.createdAt) {
      exclude('the bank account changed after this run approved the payout: it is not paid to an unchecked account');
      continue;
    }
    const account = bankTransferDetailsSchema.safeParse(row.method.details);
    if (!account.success) {
      exclude(`the bank account is invalid: ${account.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
      continue;
    }
    if (isSepaTransfer(row.currency, account.data) && row.amountMinor > 99_999_999_999n) {
      exclude('a SEPA transfer is at most 999999999.99 EUR');
      continue;
    }
    payouts.push({ payoutId: row.id, partnerId: row.partnerId, amountMinor: row.amountMinor, currency: row.currency, account: account.data });
  }
  return { files: planBankFiles(runId, payouts), excluded };
}

export function debtorProblem(debtor: BankFileDebtor): string | undefined {
  return debtor.name && debtor.iban ? undefined : 'the account payouts are paid from is not configured: set PAYOUT_DEBTOR_NAME and PAYOUT_DEBTOR_IBAN';
}

/** The file's bytes: a pain.001.001.09 document (the debtor must be configured) or a CSV batch. */
export function renderBankFile(file: PlannedBankFile, debtor: BankFileDebtor, now: Date): string {
  if (file.format === 'csv') {
    return csvBatch(file.payouts.map((payout) => ({ ...payout, reference: `Partner payout ${payout.payoutId}` })));
  }
  return sepaCreditTransferXml({
    messageId: sepaMessageId(file.name),
    createdAt: now,
    executionDate: now.toISOString().slice(0, 10),
    debtor: { name: debtor.name ?? '', iban: debtor.iban ?? '', bic: debtor.bic },
    transfers: file.payouts.map((payout) => ({
      payoutId: payout.payoutId,
      amountMinor: payout.amountMinor,
      creditor: { name: payout.account.accountHolder, iban: payout.account.iban ?? '', bic: payout.account.bic },
      remittance: `Partner payout ${toSepaIdentifier(payout.payoutId)}`,
    })),
  });
}

export function fileTotal(file: PlannedBankFile): { amount: string; currency: string } {
  return { amount: formatAmount(file.totalMinor, file.currency), currency: file.currency };
}
