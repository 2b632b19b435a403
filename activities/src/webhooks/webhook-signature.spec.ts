import { generateWebhookSecret, signWebhook, webhookHeaders } from './webhook-signature';

describe('Standard Webhooks signatures', () => {
  it('matches the specification\'s own example', () => {
    // standard-webhooks spec.md, "Verifying signatures": secret, message id, timestamp, body → signature.
    const signature = signWebhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}');
    expect(signature).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('generates whsec_ secrets of 24 random bytes, and carries the three headers', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(generateWebhookSecret()).not.toBe(secret);
    expect(webhookHeaders(secret, 'evt_1', 1700000000, '{}')).toEqual(
      expect.objectContaining({ 'webhook-id': 'evt_1', 'webhook-timestamp': '1700000000', 'webhook-signature': signWebhook(secret, 'evt_1', 1700000000, '{}') }),
    );
  });
});
