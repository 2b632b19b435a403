import fc from 'fast-check';
import { z } from 'zod';
import { currencyCodeSchema, currencyExponent, InvalidCurrencyError } from './currency';
import { decimalAmountSchema } from './decimal';
import { amountProblem, formatAmount, InvalidAmountError, maxIntegerDigits, moneyView, moneyViewSchema, parseAmount } from './money';

describe('parseAmount', () => {
  it.each([
    ['49.99', 'EUR', 4999n],
    ['49.9', 'EUR', 4990n],
    ['49', 'EUR', 4900n],
    [49.99, 'EUR', 4999n],
    [0.07, 'usd', 7n],
    ['1000', 'JPY', 1000n],
    ['1000.00', 'JPY', 1000n],
    ['1.5', 'KWD', 1500n],
    ['1.230', 'EUR', 123n],
    ['999999999999999.99', 'EUR', 99999999999999999n],
  ])('reads %j %s as %p minor units', (value, currency, minor) => {
    expect(parseAmount(value, currency)).toBe(minor);
  });

  it('reads the JSON number as written, never through float arithmetic', () => {
    expect(parseAmount(1.15, 'EUR')).toBe(115n); // 1.15 * 100 === 114.99999999999999
    expect(parseAmount(4.35, 'EUR')).toBe(435n); // 4.35 * 100 === 434.99999999999994
  });

  it.each([
    ['1.234', 'EUR', 'has more than 2 decimals, the most EUR allows'],
    [0.1 + 0.2, 'EUR', 'has more than 2 decimals'],
    ['1000.5', 'JPY', 'must be a whole number: JPY has no minor unit'],
    ['1.2345', 'KWD', 'has more than 3 decimals'],
    ['1e3', 'EUR', 'without an exponent'],
    ['-5', 'EUR', 'must not be negative'],
    ['', 'EUR', 'must not be empty'],
    [Number.NaN, 'EUR', 'finite number'],
    ['1000000000000000', 'EUR', 'at most 15 digits'],
    ['100000000000000', 'CLF', 'at most 14 digits before the decimal point in CLF'],
  ])('rejects %j %s: %s', (value, currency, message) => {
    expect(() => parseAmount(value, currency)).toThrow(InvalidAmountError);
    expect(() => parseAmount(value, currency)).toThrow(message);
  });

  it('reads negative amounts when allowed', () => {
    expect(parseAmount('-0.5', 'EUR', { allowNegative: true })).toBe(-50n);
  });

  it('reports the problem as a field detail and rejects an unknown currency separately', () => {
    const error = (() => {
      try {
        parseAmount('1.234', 'EUR');
      } catch (caught) {
        return caught as InvalidAmountError;
      }
    })();
    expect(error?.details).toEqual([{ path: 'amount', message: 'has more than 2 decimals, the most EUR allows' }]);
    expect(() => parseAmount('1', 'euro')).toThrow(InvalidCurrencyError);
  });
});

describe('amountProblem in a request schema', () => {
  const body = z
    .object({ amount: decimalAmountSchema(), currency: currencyCodeSchema })
    .superRefine((value, ctx) => {
      const problem = amountProblem(value.amount, value.currency);
      if (problem) ctx.addIssue({ code: 'custom', path: ['amount'], message: problem });
    });

  it('turns a currency-specific problem into an issue on the amount field', () => {
    const result = body.safeParse({ amount: '10.5', currency: 'jpy' });
    expect(result.error?.issues).toMatchObject([{ path: ['amount'], message: 'must be a whole number: JPY has no minor unit' }]);
  });

  it('reports a bad currency once, on the currency field', () => {
    const result = body.safeParse({ amount: '10.5', currency: 'yen!' });
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['currency']]);
  });

  it('passes amounts that parseAmount then accepts', () => {
    const parsed = body.parse({ amount: 10.5, currency: 'eur' });
    expect(parseAmount(parsed.amount, parsed.currency)).toBe(1050n);
    expect(amountProblem('1', 'nope')).toBeUndefined();
  });
});

describe('formatAmount and moneyView', () => {
  it.each([
    [12345n, 'EUR', '123.45'],
    [-50n, 'EUR', '-0.50'],
    [0n, 'EUR', '0.00'],
    [5n, 'EUR', '0.05'],
    [1000n, 'JPY', '1000'],
    [-7n, 'JPY', '-7'],
    [1500n, 'KWD', '1.500'],
  ])('%p %s is %j', (minor, currency, text) => {
    expect(formatAmount(minor, currency)).toBe(text);
  });

  it('shows money as decimal text with a normalised currency', () => {
    const view = moneyView(4999n, 'eur');
    expect(view).toEqual({ amount: '49.99', currency: 'EUR' });
    expect(moneyViewSchema.parse(view)).toEqual(view);
    expect(() => moneyView(1n, '??')).toThrow(InvalidCurrencyError);
  });
});

describe('round trip (property)', () => {
  const currencies = ['EUR', 'JPY', 'KWD', 'CLF'];

  /** Every bigint a currency can hold: up to maxIntegerDigits before the point. */
  const minorInRange = (currency: string) => {
    const limit = 10n ** BigInt(maxIntegerDigits(currency) + currencyExponent(currency)) - 1n;
    return fc.bigInt({ min: -limit, max: limit });
  };

  it('parseAmount(formatAmount(minor)) === minor for every exponent', () => {
    const sample = fc.constantFrom(...currencies).chain((currency) => fc.tuple(fc.constant(currency), minorInRange(currency)));
    fc.assert(
      fc.property(sample, ([currency, minor]) => {
        expect(parseAmount(formatAmount(minor, currency), currency, { allowNegative: true })).toBe(minor);
      }),
    );
  });

  it('formatAmount(parseAmount(text)) gives the text back, padded to the minor unit', () => {
    const text = fc
      .tuple(fc.boolean(), fc.stringMatching(/^[1-9]\d{0,13}$|^0$/), fc.stringMatching(/^\d{0,2}$/))
      .map(([negative, integer, fraction]) => ({ negative, integer, fraction }));
    fc.assert(
      fc.property(text, ({ negative, integer, fraction }) => {
        const input = `${negative ? '-' : ''}${integer}${fraction ? `.${fraction}` : ''}`;
        const formatted = formatAmount(parseAmount(input, 'EUR', { allowNegative: true }), 'EUR');
        const isZero = /^0$/.test(integer) && /^0*$/.test(fraction);
        expect(formatted).toBe(`${negative && !isZero ? '-' : ''}${integer}.${fraction.padEnd(2, '0')}`);
      }),
    );
  });

  it('any finite JSON number with at most two decimals reads exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (cents) => {
        expect(parseAmount(cents / 100, 'EUR', { allowNegative: true })).toBe(BigInt(cents));
      }),
    );
  });
});
