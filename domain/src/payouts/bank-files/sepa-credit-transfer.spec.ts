import fc from 'fast-check';
import { BankFileError } from './bank-file.error';
import { SEPA_NAMESPACE, sepaCreditTransferXml, type SepaCreditTransferRequest, type SepaTransfer } from './sepa-credit-transfer';
import { fromSepaIdentifier } from './sepa-text';
import { findAll, parseXml, textAt } from './xml-tree.fixture';

const transfer = (n: number, amountMinor: bigint, extra: Partial<SepaTransfer> = {}): SepaTransfer => ({
  payoutId: `pay_01kq4v7bqgz8yx3m5n6p7r8s${String(n).padStart(2, '0')}`,
  amountMinor,
  creditor: { name: `Partner ${n}`, iban: 'FR1420041010050500013M02606' },
  remittance: `Partnerflow payout ${n}`,
  ...extra,
});

const request = (transfers: SepaTransfer[]): SepaCreditTransferRequest => ({
  messageId: 'PF0123456789ABCDEF0123456789ABCDEF',
  createdAt: new Date('2026-02-01T09:30:15.123Z'),
  executionDate: '2026-02-02',
  debtor: { name: 'Acme GmbH', iban: 'DE89 3704 0044 0532 0130 00', bic: 'COBADEFFXXX' },
  transfers,
});

const cents = (decimal: string) => BigInt(decimal.replace('.', ''));

describe('SEPA credit transfer (pain.001.001.09)', () => {
  it('has the required elements in the pain.001.001.09 namespace', () => {
    const document = parseXml(sepaCreditTransferXml(request([transfer(1, 12345n), transfer(2, 1n, { creditor: { name: 'B', iban: 'GB29NWBK60161331926819', bic: 'NWBKGB2L' } })])));
    expect(document.name).toBe('Document');
    expect(document.attributes.xmlns).toBe(SEPA_NAMESPACE);
    expect(textAt(document, 'CstmrCdtTrfInitn/GrpHdr/MsgId')).toBe('PF0123456789ABCDEF0123456789ABCDEF');
    expect(textAt(document, 'CstmrCdtTrfInitn/GrpHdr/CreDtTm')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect(textAt(document, 'CstmrCdtTrfInitn/GrpHdr/InitgPty/Nm')).toBe('Acme GmbH');
    const paymentInfo = 'CstmrCdtTrfInitn/PmtInf';
    expect(textAt(document, `${paymentInfo}/PmtMtd`)).toBe('TRF');
    expect(textAt(document, `${paymentInfo}/PmtTpInf/SvcLvl/Cd`)).toBe('SEPA');
    expect(textAt(document, `${paymentInfo}/ReqdExctnDt/Dt`)).toBe('2026-02-02');
    expect(textAt(document, `${paymentInfo}/DbtrAcct/Id/IBAN`)).toBe('DE89370400440532013000');
    expect(textAt(document, `${paymentInfo}/DbtrAgt/FinInstnId/BICFI`)).toBe('COBADEFFXXX');
    expect(textAt(document, `${paymentInfo}/ChrgBr`)).toBe('SLEV');
    const [first, second] = findAll(document, `${paymentInfo}/CdtTrfTxInf`);
    expect(fromSepaIdentifier(textAt(first, 'PmtId/EndToEndId'))).toBe(transfer(1, 0n).payoutId);
    expect(findAll(first, 'Amt/InstdAmt')[0].attributes.Ccy).toBe('EUR');
    expect(textAt(first, 'Amt/InstdAmt')).toBe('123.45');
    expect(findAll(first, 'CdtrAgt')).toHaveLength(0);
    expect(textAt(second, 'CdtrAgt/FinInstnId/BICFI')).toBe('NWBKGB2L');
    expect(textAt(second, 'Amt/InstdAmt')).toBe('0.01');
  });

  it('counts the transactions and sums their exact amounts in both control sums', () => {
    const amounts = fc.array(fc.bigInt({ min: 1n, max: 99_999_999_999n }), { minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(amounts, (list) => {
        const document = parseXml(sepaCreditTransferXml(request(list.map((amount, n) => transfer(n, amount)))));
        const instructed = findAll(document, 'CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf/Amt/InstdAmt').map((element) => element.text);
        const total = list.reduce((sum, amount) => sum + amount, 0n);
        return (
          instructed.every((text) => /^\d+\.\d{2}$/.test(text)) &&
          instructed.map(cents).reduce((sum, amount) => sum + amount, 0n) === total &&
          cents(textAt(document, 'CstmrCdtTrfInitn/GrpHdr/CtrlSum')) === total &&
          cents(textAt(document, 'CstmrCdtTrfInitn/PmtInf/CtrlSum')) === total &&
          textAt(document, 'CstmrCdtTrfInitn/GrpHdr/NbOfTxs') === String(list.length) &&
          textAt(document, 'CstmrCdtTrfInitn/PmtInf/NbOfTxs') === String(list.length)
        );
      }),
      { numRuns: 50 },
    );
  });

  it('writes names in the SEPA character set and escapes what XML needs', () => {
    const xml = sepaCreditTransferXml(request([transfer(1, 100n, { creditor: { name: "Jürgen Groß & O'Brien <Ltd>", iban: 'FR1420041010050500013M02606' } })]));
    expect(textAt(parseXml(xml), 'CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf/Cdtr/Nm')).toBe("Jurgen Gross + O'Brien Ltd");
    expect(xml).not.toMatch(/[^\x20-\x7e\n]/);
  });

  it('refuses what a bank would refuse, naming each problem', () => {
    const attempt = () =>
      sepaCreditTransferXml(
        request([
          transfer(1, 0n),
          transfer(2, 100_000_000_000n),
          transfer(3, 100n, { creditor: { name: 'C', iban: 'BR1800360305000010009795493C1' } }),
          transfer(4, 100n, { creditor: { name: 'D', iban: 'DE89370400440532013001' } }),
          transfer(4, 100n),
        ]),
      );
    expect(attempt).toThrow(BankFileError);
    expect(attempt).toThrow(/transfers\[0\]\.amountMinor: a SEPA transfer is 0.01 to 999999999.99 EUR/);
    expect(attempt).toThrow(/transfers\[1\]\.amountMinor/);
    expect(attempt).toThrow(/transfers\[2\]\.creditor\.iban: BR is not in SEPA/);
    expect(attempt).toThrow(/transfers\[3\]\.creditor\.iban: the check digits do not match/);
    expect(attempt).toThrow(/transfers\[4\]\.payoutId: appears twice/);
    expect(() => sepaCreditTransferXml(request([]))).toThrow(/at least one transfer/);
    expect(() => sepaCreditTransferXml({ ...request([transfer(1, 1n)]), messageId: 'x'.repeat(36) })).toThrow(/messageId/);
  });

  it('leaves the debtor agent as NOTPROVIDED when no BIC is configured', () => {
    const document = parseXml(sepaCreditTransferXml({ ...request([transfer(1, 1n)]), debtor: { name: 'Acme', iban: 'DE89370400440532013000' } }));
    expect(textAt(document, 'CstmrCdtTrfInitn/PmtInf/DbtrAgt/FinInstnId/Othr/Id')).toBe('NOTPROVIDED');
  });
});
