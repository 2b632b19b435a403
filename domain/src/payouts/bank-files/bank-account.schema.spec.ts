import { bankTransferDetailsSchema } from './bank-account.schema';

const issues = (input: unknown) => {
  const result = bankTransferDetailsSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('bank transfer details', () => {
  it('normalises an IBAN account and takes the country from the IBAN', () => {
    expect(bankTransferDetailsSchema.parse({ accountHolder: ' Ada Lovelace ', iban: 'de89 3704 0044 0532 0130 00', bic: 'cobadeff' })).toEqual({
      accountHolder: 'Ada Lovelace',
      iban: 'DE89370400440532013000',
      bic: 'COBADEFF',
      country: 'DE',
    });
  });

  it('takes a local account number with its country', () => {
    expect(bankTransferDetailsSchema.parse({ accountHolder: 'Grace Hopper', accountNumber: '000123456789', routingNumber: '021000021', country: 'us' })).toEqual({
      accountHolder: 'Grace Hopper',
      accountNumber: '000123456789',
      routingNumber: '021000021',
      country: 'US',
    });
  });

  it('reports each wrong field by its path', () => {
    expect(issues({ accountHolder: 'A', iban: 'DE89370400440532013001', bic: 'XX' })).toEqual([
      'iban: the check digits do not match: a character is mistyped',
      'bic: a BIC has 8 or 11 characters, not 2',
    ]);
    expect(issues({ accountHolder: 'A' })).toEqual(['iban: give an IBAN, or an account number with its country']);
    expect(issues({ accountHolder: 'A', accountNumber: '12345678' })).toEqual(["country: name the bank's country for a local account number"]);
    expect(issues({ accountHolder: 'A', iban: 'DE89370400440532013000', accountNumber: '12345678', country: 'DE' })).toEqual([
      'accountNumber: give either an IBAN or an account number, not both',
    ]);
    expect(issues({ accountHolder: 'A', iban: 'DE89370400440532013000', country: 'FR' })).toEqual(['country: the IBAN is from DE, not FR']);
    expect(issues({ accountHolder: '', iban: 'DE89370400440532013000', extra: 1 })).toEqual(
      expect.arrayContaining(['accountHolder: name the account holder', expect.stringMatching(/^: Unrecognized key/)]),
    );
  });
});
