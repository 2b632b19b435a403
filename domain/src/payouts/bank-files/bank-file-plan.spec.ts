import { planBankFiles, sepaMessageId, type BankFilePayout } from './bank-file-plan';
import { CSV_BATCH_COLUMNS, csvBatch } from './csv-batch';

const sepa = { accountHolder: 'Ada', iban: 'DE89370400440532013000', country: 'DE' };
const brazil = { accountHolder: 'Bia', iban: 'BR1800360305000010009795493C1', country: 'BR' };
const us = { accountHolder: 'Grace', accountNumber: '000123456789', routingNumber: '021000021', country: 'US' };
const payout = (payoutId: string, amountMinor: bigint, currency: string, account: BankFilePayout['account']): BankFilePayout => ({
  payoutId,
  partnerId: `ptn_${payoutId}`,
  amountMinor,
  currency,
  account,
});

describe('bank file plan', () => {
  it('puts EUR to SEPA IBANs in the XML and everything else in one CSV per currency', () => {
    const files = planBankFiles('payout-prg_1-2026-01-31', [
      payout('pay_3', 300n, 'EUR', sepa),
      payout('pay_1', 100n, 'EUR', sepa),
      payout('pay_2', 200n, 'EUR', brazil),
      payout('pay_4', 400n, 'USD', us),
    ]);
    expect(files.map((file) => [file.name, file.format, file.currency, file.payouts.map((p) => p.payoutId), file.totalMinor])).toEqual([
      ['payout-prg_1-2026-01-31-eur.csv', 'csv', 'EUR', ['pay_2'], 200n],
      ['payout-prg_1-2026-01-31-sepa-eur.xml', 'sepa-xml', 'EUR', ['pay_1', 'pay_3'], 400n],
      ['payout-prg_1-2026-01-31-usd.csv', 'csv', 'USD', ['pay_4'], 400n],
    ]);
  });

  it('gives each file a stable 34-character message id', () => {
    const id = sepaMessageId('payout-prg_1-2026-01-31-sepa-eur.xml');
    expect(id).toMatch(/^PF[0-9A-F]{32}$/);
    expect(sepaMessageId('payout-prg_1-2026-01-31-sepa-eur.xml')).toBe(id);
    expect(sepaMessageId('payout-prg_1-2026-02-28-sepa-eur.xml')).not.toBe(id);
  });
});

describe('CSV batch', () => {
  it('writes a header and one row per payout with exact amounts, quoted and formula-safe', () => {
    const csv = csvBatch([
      { payoutId: 'pay_1', partnerId: 'ptn_1', amountMinor: 123456n, currency: 'USD', account: { ...us, accountHolder: '=HYPERLINK("x"), Inc' }, reference: 'Payout pay_1' },
      { payoutId: 'pay_2', partnerId: 'ptn_2', amountMinor: 5n, currency: 'JPY', account: { ...us, accountHolder: 'Kenji' }, reference: 'Payout pay_2' },
    ]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(CSV_BATCH_COLUMNS.join(','));
    expect(lines[1]).toBe('pay_1,ptn_1,"\'=HYPERLINK(""x""), Inc",,,000123456789,021000021,US,1234.56,USD,Payout pay_1');
    expect(lines[2]).toBe('pay_2,ptn_2,Kenji,,,000123456789,021000021,US,5,JPY,Payout pay_2');
    expect(lines[3]).toBe('');
  });
});
