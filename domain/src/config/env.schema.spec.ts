import { InvalidEnvironmentError, parseEnv } from './env.schema';

describe('parseEnv', () => {
  it('applies defaults and coerces numbers and flags', () => {
    const env = parseEnv({ DATABASE_URL: 'postgresql://u@localhost/db', PORT: '8080', SMTP_SECURE: 'true', SMTP_USER: '' });
    expect(env).toMatchObject({
      PORT: 8080,
      SMTP_SECURE: true,
      SMTP_PORT: 1025,
      TEMPORAL_ADDRESS: '127.0.0.1:7233',
      TEMPORAL_TASK_QUEUE: 'partnerflow',
    });
    expect(env.SMTP_USER).toBeUndefined();
  });

  it('fails with a message that names every offending variable', () => {
    expect.assertions(3);
    try {
      parseEnv({ DATABASE_URL: 'mysql://nope', PORT: 'eighty', SMTP_SECURE: 'yes' });
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidEnvironmentError);
      expect((error as InvalidEnvironmentError).problems.map((p) => p.variable)).toEqual(['PORT', 'DATABASE_URL', 'SMTP_SECURE']);
      expect((error as Error).message).toMatch(/DATABASE_URL: must be a postgresql:\/\/ connection URL/);
    }
  });

  it('names a missing required variable', () => {
    expect(() => parseEnv({})).toThrow(/DATABASE_URL/);
  });
});
