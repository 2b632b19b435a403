import { partnerApplicationSchema } from './partner.schema';

const valid = {
  name: ' Ada Lovelace ',
  email: 'Ada@Example.COM',
  country: 'gb',
  website: 'https://ada.example.com',
  audienceSize: 12000,
  partnerType: 'content',
};

describe('partnerApplicationSchema', () => {
  it('normalises what it accepts: trimmed name, lower-case email, upper-case country, empty channels', () => {
    expect(partnerApplicationSchema.parse(valid)).toEqual({
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      country: 'GB',
      website: 'https://ada.example.com',
      channels: [],
      audienceSize: 12000,
      partnerType: 'content',
    });
  });

  it('needs a website or at least one channel', () => {
    const { website: _website, ...withoutWebsite } = valid;
    const result = partnerApplicationSchema.safeParse(withoutWebsite);
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ['website'], message: 'give a website or at least one channel' })]);
    expect(partnerApplicationSchema.safeParse({ ...withoutWebsite, channels: ['instagram.com/ada'] }).success).toBe(true);
  });

  it('reports every invalid field and refuses unknown ones', () => {
    const result = partnerApplicationSchema.safeParse({
      ...valid,
      email: 'nope',
      audienceSize: 1.5,
      partnerType: 'spammer',
      isAdmin: true,
    });
    expect(result.error?.issues.map((issue) => issue.path.join('.') || issue.code).sort()).toEqual(
      ['audienceSize', 'email', 'partnerType', 'unrecognized_keys'].sort(),
    );
  });
});
