import { checkDestination, hostIsWithin, withQueryParam } from './destination-url';

describe('withQueryParam', () => {
  it('adds the parameter to a URL without a query', () => {
    expect(withQueryParam('https://example.com/shoes', 'pf_click', 'clk_1')).toBe('https://example.com/shoes?pf_click=clk_1');
  });

  it('keeps an existing query byte for byte and appends', () => {
    expect(withQueryParam('https://example.com/p?q=a+b&x=%20y&flag', 'pf_click', 'clk_1')).toBe(
      'https://example.com/p?q=a+b&x=%20y&flag&pf_click=clk_1',
    );
  });

  it('keeps the fragment after the query', () => {
    expect(withQueryParam('https://example.com/p?a=1#reviews', 'pf_click', 'clk_1')).toBe('https://example.com/p?a=1&pf_click=clk_1#reviews');
    expect(withQueryParam('https://example.com/p#top?not=query', 'pf_click', 'clk_1')).toBe('https://example.com/p?pf_click=clk_1#top?not=query');
  });

  it('replaces an earlier value of the same parameter, however it was encoded', () => {
    expect(withQueryParam('https://example.com/?pf_click=old&a=1&pf%5Fclick=older', 'pf_click', 'clk_new')).toBe(
      'https://example.com/?a=1&pf_click=clk_new',
    );
  });

  it('handles an empty query and a trailing "?"', () => {
    expect(withQueryParam('https://example.com/?', 'id', 'v')).toBe('https://example.com/?id=v');
    expect(withQueryParam('https://example.com/?&', 'id', 'v')).toBe('https://example.com/?id=v');
  });

  it('encodes the name and value', () => {
    expect(withQueryParam('https://example.com/', 'a b', 'x&y')).toBe('https://example.com/?a%20b=x%26y');
  });
});

describe('hostIsWithin', () => {
  it('accepts the domain and its subdomains only', () => {
    expect(hostIsWithin('example.com', 'example.com')).toBe(true);
    expect(hostIsWithin('shop.eu.example.com', 'example.com')).toBe(true);
    expect(hostIsWithin('EXAMPLE.com.', 'example.com')).toBe(true);
    expect(hostIsWithin('notexample.com', 'example.com')).toBe(false);
    expect(hostIsWithin('example.com.evil.io', 'example.com')).toBe(false);
  });
});

describe('checkDestination', () => {
  const allowed = ['example.com'];

  it('accepts and normalizes an allowed http(s) URL', () => {
    expect(checkDestination('HTTPS://Shop.Example.com/a b?x=1#f', allowed)).toEqual({ ok: true, url: 'https://shop.example.com/a%20b?x=1#f' });
  });

  it('refuses other hosts, including look-alikes and credentials tricks', () => {
    for (const destination of ['https://example.org/', 'https://example.com.evil.io/', 'https://example.com@evil.io/']) {
      expect(checkDestination(destination, allowed)).toMatchObject({ ok: false, reason: expect.stringContaining('allowed domains') });
    }
    expect(checkDestination('https://user:pw@example.com/', allowed)).toEqual({ ok: false, reason: 'must not contain credentials' });
  });

  it('refuses non-URLs and other schemes', () => {
    expect(checkDestination('example.com/shoes', allowed)).toEqual({ ok: false, reason: 'is not a valid absolute URL' });
    expect(checkDestination('javascript:alert(1)', allowed)).toEqual({ ok: false, reason: 'must be an http:// or https:// URL' });
    expect(checkDestination('ftp://example.com/file', allowed)).toEqual({ ok: false, reason: 'must be an http:// or https:// URL' });
  });

  it('refuses everything when no domain is allowed', () => {
    expect(checkDestination('https://example.com/', [])).toMatchObject({ ok: false });
  });
});
