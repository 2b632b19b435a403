import { currencyCodeSchema, currencyExponent, InvalidCurrencyError, toCurrencyCode } from './currency';

describe('currencyCodeSchema', () => {
  it('trims and upper-cases three letters', () => {
    expect(currencyCodeSchema.parse(' eur ')).toBe('EUR');
  });

  it.each(['', 'EU', 'EURO', 'E1R', '€'])('rejects %j', (input) => {
    expect(currencyCodeSchema.safeParse(input).success).toBe(false);
  });

  it('toCurrencyCode throws a validation error naming the input', () => {
    expect(() => toCurrencyCode('euro')).toThrow(InvalidCurrencyError);
    expect(() => toCurrencyCode('euro')).toThrow('"euro" is not a currency code');
  });
});

describe('currencyExponent', () => {
  it.each([
    ['EUR', 2], ['USD', 2], ['GBP', 2], ['XYZ', 2],
    ['JPY', 0], ['KRW', 0], ['VND', 0], ['CLP', 0], ['ISK', 0], ['XOF', 0],
    ['BHD', 3], ['KWD', 3], ['TND', 3],
    ['CLF', 4],
  ])('%s has %i minor-unit digits', (code, exponent) => {
    expect(currencyExponent(code)).toBe(exponent);
  });

  it('reads the code case-insensitively', () => {
    expect(currencyExponent(' jpy')).toBe(0);
  });
});
