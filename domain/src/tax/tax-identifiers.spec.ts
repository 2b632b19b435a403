import { foreignTinProblem, formatUsTin, giinProblem, maskTin, normaliseUsTin, tinLastFour, usTinProblem } from './tax-identifiers';

describe('US TIN format checks', () => {
  it.each([
    ['ssn', '123-45-6789'],
    ['ssn', '123456789'],
    ['itin', '912-70-1234'],
    ['itin', '900-94-0000'],
    ['ein', '12-3456789'],
    ['ein', '981234567'],
  ] as const)('accepts the %s %s', (type, value) => {
    expect(usTinProblem(type, value)).toBeUndefined();
  });

  it.each([
    ['ssn', '123-45-678', /9 digits/],
    ['ssn', '12a-45-6789', /9 digits/],
    ['ssn', '000-12-3456', /never starts with 000/],
    ['ssn', '666-12-3456', /never starts with 666/],
    ['ssn', '912-70-1234', /ITIN/],
    ['ssn', '123-00-4567', /00 as its middle/],
    ['ssn', '123-45-0000', /0000/],
    ['itin', '123-70-1234', /starts with 9/],
    ['itin', '912-66-1234', /4th and 5th/],
    ['itin', '912-93-1234', /4th and 5th/],
    ['ein', '00-1234567', /no EIN starts with 00/],
    ['ein', '07-1234567', /no EIN starts with 07/],
    ['ein', '96-1234567', /no EIN starts with 96/],
    ['ein', '12-345678', /12-3456789/],
  ] as const)('refuses the %s %s', (type, value, message) => {
    expect(usTinProblem(type, value)).toMatch(message);
  });

  it('stores 9 digits and keeps the last four in clear', () => {
    expect(normaliseUsTin(' 123-45-6789 ')).toBe('123456789');
    expect(tinLastFour('123456789')).toBe('6789');
    expect(tinLastFour('DE 12/345.678')).toBe('5678');
  });
});

describe('foreign TINs and GIINs', () => {
  it('accepts the usual national formats and refuses junk', () => {
    expect(foreignTinProblem('DE123456789')).toBeUndefined();
    expect(foreignTinProblem('12 345 678 901')).toBeUndefined();
    expect(foreignTinProblem('AB-12/34.56')).toBeUndefined();
    expect(foreignTinProblem('12')).toMatch(/4–40/);
    expect(foreignTinProblem('-1234')).toMatch(/4–40/);
  });

  it('checks the GIIN layout', () => {
    expect(giinProblem('98Q96B.00000.LE.250')).toBeUndefined();
    expect(giinProblem('98q96b.00000.le.250')).toBeUndefined();
    expect(giinProblem('98Q96B00000LE250')).toMatch(/XXXXXX\.XXXXX\.XX\.XXX/);
  });
});

describe('masking', () => {
  it('shows only the last four, in the layout of the number', () => {
    expect(maskTin('ssn', '6789')).toBe('***-**-6789');
    expect(maskTin('itin', '1234')).toBe('***-**-1234');
    expect(maskTin('ein', '4567')).toBe('**-***4567');
    expect(maskTin('foreign', '9012')).toBe('****9012');
    expect(maskTin(null, null)).toBeNull();
  });

  it('writes a full TIN the way the forms print it (filing only)', () => {
    expect(formatUsTin('ssn', '123456789')).toBe('123-45-6789');
    expect(formatUsTin('ein', '123456789')).toBe('12-3456789');
  });
});
