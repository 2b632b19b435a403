import { maskPii, maskPiiDeep } from './mask-pii';

describe('maskPii', () => {
  it('masks emails, keeping the first letter and the domain', () => {
    expect(maskPii('sent to ada.lovelace@example.com and bob@mail.example.org')).toBe('sent to a***@example.com and b***@mail.example.org');
  });

  it('masks the host part of IPv4 and most of IPv6 addresses, not times', () => {
    expect(maskPii('from 203.0.113.42 via 2001:db8:85a3::8a2e:370:7334 at 12:30:45')).toBe('from 203.0.113.*** via 2001:db8:*** at 12:30:45');
  });

  it('masks tax ids down to their last four digits', () => {
    expect(maskPii('ssn 123-45-6789, ein 12-3456789, tin 123456789')).toBe('ssn ***6789, ein ***6789, tin ***6789');
  });

  it('redacts credentials: bearer tokens, our token prefixes, secret=value pairs', () => {
    const line = maskPii('Authorization: Bearer pfs_AbCdEfGhIjKlMnOp token=pbs_secret123456 password: hunter2 link pml_ZZZZZZZZZZZZ');
    expect(line).not.toMatch(/AbCdEfGh|secret123456|hunter2|ZZZZZZZZ/);
    expect(line).toContain('[redacted]');
  });

  it('walks objects and arrays', () => {
    expect(maskPiiDeep({ to: ['ada@example.com'], meta: { ip: '198.51.100.7', count: 3 } })).toEqual({
      to: ['a***@example.com'],
      meta: { ip: '198.51.100.***', count: 3 },
    });
  });
});
