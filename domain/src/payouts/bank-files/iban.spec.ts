import fc from 'fast-check';
import { bicProblem } from './bic';
import { ibanProblem, isSepaCountry, normalizeIban } from './iban';

const VALID_IBANS = ['DE89 3704 0044 0532 0130 00', 'GB29NWBK60161331926819', 'FR1420041010050500013M02606', 'NO9386011117947', 'BR1800360305000010009795493C1', 'CH9300762011623852957'];

describe('IBAN', () => {
  it('accepts registered IBANs with their spaces and any case', () => {
    for (const iban of VALID_IBANS) expect(ibanProblem(iban)).toBeUndefined();
    expect(ibanProblem('de89370400440532013000')).toBeUndefined();
    expect(normalizeIban(' de89 3704-0044 0532 0130 00 ')).toBe('DE89370400440532013000');
  });

  it('says what is wrong', () => {
    expect(ibanProblem('DE89370400440532013001')).toMatch(/check digits do not match/);
    expect(ibanProblem('DE8937040044053201300')).toMatch(/a DE IBAN has 22 characters, not 21/);
    expect(ibanProblem('US12345678901234')).toMatch(/US is not a country that uses IBANs/);
    expect(ibanProblem('1234')).toMatch(/must be an IBAN/);
    expect(ibanProblem('DE89 3704 0044 0532 0130 0!')).toMatch(/must be an IBAN/);
  });

  // Mod 97 catches every substitution of a digit by a digit or a letter by a letter (ISO 7064).
  it('catches every single mistyped digit or letter (mod 97)', () => {
    const digits = '0123456789';
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    fc.assert(
      fc.property(fc.constantFrom(...VALID_IBANS.map(normalizeIban)), fc.nat(), fc.nat(), (iban, at, pick) => {
        const index = 4 + (at % (iban.length - 4));
        const sameKind = digits.includes(iban[index]) ? digits : letters;
        const replacement = sameKind[pick % sameKind.length];
        fc.pre(iban[index] !== replacement);
        return ibanProblem(iban.slice(0, index) + replacement + iban.slice(index + 1)) !== undefined;
      }),
      { numRuns: 500 },
    );
  });

  it('knows which countries are in SEPA', () => {
    expect(['DE', 'FR', 'NO', 'CH', 'GB', 'MC'].every(isSepaCountry)).toBe(true);
    expect(['BR', 'US', 'TR'].some(isSepaCountry)).toBe(false);
  });
});

describe('BIC', () => {
  it('accepts 8 and 11 characters in the pain.001 pattern', () => {
    for (const bic of ['COBADEFF', 'COBADEFFXXX', 'nwbkgb2l', 'DEUT DE FF 500']) expect(bicProblem(bic)).toBeUndefined();
  });

  it('refuses other lengths and a non-letter country', () => {
    expect(bicProblem('COBADEF')).toMatch(/8 or 11 characters, not 7/);
    expect(bicProblem('COBA12FFXXX')).toMatch(/must be a BIC/);
    expect(bicProblem('COBA-EFF')).toMatch(/must be a BIC/);
  });
});
