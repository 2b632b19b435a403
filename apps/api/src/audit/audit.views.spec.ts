import { csvField } from './audit.views';

describe('csvField', () => {
  it('quotes what needs quoting and doubles quotes (RFC 4180)', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it('writes JSON for objects and nothing for null', () => {
    expect(csvField({ stage: 'ACTIVE' })).toBe('"{""stage"":""ACTIVE""}"');
    expect(csvField(null)).toBe('');
  });

  it('defuses spreadsheet formulas', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
  });
});
