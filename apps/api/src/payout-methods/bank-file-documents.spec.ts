import { findAll, parseXml, textAt } from '../../../../domain/src/payouts/bank-files/xml-tree.fixture';
import { debtorProblem, planRunBankFiles, renderBankFile } from './bank-file-documents';
import type { BankTransferPayoutRow } from './payout-methods.repository';

const approvedAt = new Date('2026-02-01T06:00:00Z');
const row = (id: string, details: Record<string, string>, extra: Partial<BankTransferPayoutRow> = {}): BankTransferPayoutRow => ({
  id,
  partnerId: `ptn_${id}`,
  partnerName: 'Partner',
  amountMinor: 10_000n,
  currency: 'EUR',
  createdAt: approvedAt,
  method: { type: 'bank_transfer', details, changedAt: new Date('2026-01-01T00:00:00Z') },
  ...extra,
});
const debtor = { name: 'Acme GmbH', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' };

describe('a run’s bank files', () => {
  it('leaves out payouts whose account changed after approval, or is gone or invalid, saying why', () => {
    const { files, excluded } = planRunBankFiles('run-1', [
      row('pay_ok', { accountHolder: 'Ada', iban: 'FR1420041010050500013M02606' }),
      row('pay_changed', { accountHolder: 'Bob', iban: 'FR1420041010050500013M02606' }, {
        method: { type: 'bank_transfer', details: { accountHolder: 'Eve', iban: 'GB29NWBK60161331926819' }, changedAt: new Date('2026-02-01T07:00:00Z') },
      }),
      row('pay_paypal', {}, { method: { type: 'paypal', details: { email: 'x@example.com' }, changedAt: new Date(0) } }),
      row('pay_bad', { accountHolder: 'Cy', iban: 'FR1420041010050500013M02607' }),
    ]);
    expect(files.map((file) => [file.name, file.payouts.map((payout) => payout.payoutId)])).toEqual([['run-1-sepa-eur.xml', ['pay_ok']]]);
    expect(excluded).toEqual([
      { payoutId: 'pay_changed', partnerId: 'ptn_pay_changed', reason: expect.stringMatching(/changed after this run approved/) },
      { payoutId: 'pay_paypal', partnerId: 'ptn_pay_paypal', reason: expect.stringMatching(/no bank-transfer payout method/) },
      { payoutId: 'pay_bad', partnerId: 'ptn_pay_bad', reason: expect.stringMatching(/iban: the check digits do not match/) },
    ]);
  });

  it('renders the SEPA file with the configured debtor and payout ids as end-to-end ids', () => {
    const { files } = planRunBankFiles('run-1', [row('pay_a', { accountHolder: 'Ada', iban: 'FR14 2004 1010 0505 0001 3M02 606' }), row('pay_b', { accountHolder: 'Bo', iban: 'NL91ABNA0417164300' })]);
    const document = parseXml(renderBankFile(files[0], debtor, new Date('2026-02-02T08:00:00Z')));
    expect(textAt(document, 'CstmrCdtTrfInitn/GrpHdr/CtrlSum')).toBe('200.00');
    expect(textAt(document, 'CstmrCdtTrfInitn/PmtInf/ReqdExctnDt/Dt')).toBe('2026-02-02');
    expect(findAll(document, 'CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf/PmtId/EndToEndId').map((element) => element.text)).toEqual(['pay-a', 'pay-b']);
  });

  it('needs the debtor name and IBAN for a SEPA file', () => {
    expect(debtorProblem({})).toMatch(/set PAYOUT_DEBTOR_NAME and PAYOUT_DEBTOR_IBAN/);
    expect(debtorProblem(debtor)).toBeUndefined();
  });
});
