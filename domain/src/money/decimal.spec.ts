import { z } from 'zod';
import { decimalAmountSchema, readDecimal } from './decimal';

describe('decimalAmountSchema', () => {
  const schema = decimalAmountSchema();

  it.each([
    ['49.99', '49.99'],
    [' 049.90 ', '49.9'],
    ['0.00', '0'],
    [49.99, '49.99'],
    [100, '100'],
    [1e-7, '0.0000001'],
    [0.1 + 0.2, '0.30000000000000004'],
  ])('normalises %j to %j', (input, expected) => {
    expect(schema.parse(input)).toBe(expected);
  });

  it.each([
    ['', 'must not be empty'],
    ['1e3', 'without an exponent'],
    ['1.5E-2', 'without an exponent'],
    ['1,234.50', 'no thousands separators'],
    ['49,99', '"." as the decimal point'],
    ['.5', 'decimal number'],
    ['5.', 'decimal number'],
    ['+5', 'decimal number'],
    ['NaN', 'decimal number'],
    ['-1', 'must not be negative'],
    [Number.NaN, 'decimal amount'],
    [Number.POSITIVE_INFINITY, 'decimal amount'],
    ['1234567890123456', 'at most 15 digits'],
    [1e21, 'at most 15 digits'],
  ])('rejects %j with a readable message', (input, message) => {
    const result = schema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toContain(message);
  });

  it('rejects values that are neither a string nor a number', () => {
    const result = schema.safeParse(true);
    expect(result.error?.issues[0].message).toBe('must be a decimal amount such as "49.99"');
  });

  it('accepts a sign only when told to, and drops it from zero', () => {
    const signed = decimalAmountSchema({ allowNegative: true });
    expect(signed.parse('-0.50')).toBe('-0.5');
    expect(signed.parse('-0.00')).toBe('0');
    expect(signed.parse(-12)).toBe('-12');
  });

  it('places its issues at the field path', () => {
    const body = z.object({ amount: schema });
    expect(body.safeParse({ amount: 'abc' }).error?.issues[0].path).toEqual(['amount']);
  });

  it('leading zeros do not count towards the digit limit', () => {
    expect(readDecimal('000123456789012345').ok).toBe(true);
  });

  it('readDecimal rejects a non-finite number in words', () => {
    expect(readDecimal(Number.NaN)).toEqual({ ok: false, problem: 'must be a finite number' });
  });
});
