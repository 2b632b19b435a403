import { attributionConfigSchema, DEFAULT_ATTRIBUTION_CONFIG } from './attribution-config.schema';

describe('attributionConfigSchema', () => {
  it('fills every default: last click, 30 days, pf_click, no allowed domains', () => {
    expect(DEFAULT_ATTRIBUTION_CONFIG).toEqual({
      model: 'last_click',
      windowDays: 30,
      allowedDomains: [],
      clickIdParam: 'pf_click',
      cookieName: 'pf_click',
    });
  });

  it('lower-cases and trims allowed domains', () => {
    const config = attributionConfigSchema.parse({ allowedDomains: [' Example.COM ', 'shop.example.co.uk'] });
    expect(config.allowedDomains).toEqual(['example.com', 'shop.example.co.uk']);
  });

  it('refuses domains given as URLs, with ports or wildcards', () => {
    for (const domain of ['https://example.com', 'example.com:8080', '*.example.com', 'example.com/path', 'localhost', '']) {
      const result = attributionConfigSchema.safeParse({ allowedDomains: [domain] });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0].path).toEqual(['allowedDomains', 0]);
    }
  });

  it('bounds the window to what a browser keeps a cookie for', () => {
    expect(attributionConfigSchema.safeParse({ windowDays: 0 }).success).toBe(false);
    expect(attributionConfigSchema.safeParse({ windowDays: 401 }).success).toBe(false);
    expect(attributionConfigSchema.safeParse({ windowDays: 2.5 }).success).toBe(false);
    expect(attributionConfigSchema.parse({ windowDays: 90 }).windowDays).toBe(90);
  });

  it('refuses models not implemented yet, unknown fields and unsafe parameter or cookie names', () => {
    expect(attributionConfigSchema.safeParse({ model: 'linear' }).success).toBe(false);
    expect(attributionConfigSchema.safeParse({ cookieWindow: 30 }).success).toBe(false);
    expect(attributionConfigSchema.safeParse({ clickIdParam: 'click id' }).success).toBe(false);
    expect(attributionConfigSchema.safeParse({ cookieName: 'a;b' }).success).toBe(false);
  });
});
