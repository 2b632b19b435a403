import { EMAIL_TEMPLATES, isEmailTemplateName, renderEmail } from './email-templates';

describe('email templates', () => {
  it('renders text and escaped HTML from the variables', () => {
    const email = renderEmail('partner.rejected', {
      partnerName: 'Ada <script>',
      programName: 'Acme',
      reason: 'country KP is not accepted',
    });
    expect(email.subject).toBe('Your application to the Acme partner program');
    expect(email.text).toContain('Hi Ada <script>,');
    expect(email.text).toContain('Reason: country KP is not accepted.');
    expect(email.html).toContain('Hi Ada &#60;script&#62;,');
    expect(email.html).not.toContain('<script>');
  });

  it('refuses to render with a missing variable, naming it', () => {
    expect(() => renderEmail('partner.rejected', { partnerName: 'Ada', programName: 'Acme' })).toThrow(/reason/);
  });

  it("tells operators an onboarding step's message, naming the partner and where to read their messages", () => {
    const email = renderEmail('operator.onboarding_notification', {
      partnerName: 'Ada',
      programName: 'Acme',
      partnerEmail: 'ada@example.com',
      partnerId: 'ptn_1',
      message: 'No click after 10 days: give Ada a call.',
    });
    expect(email.subject).toBe('Onboarding: Ada (Acme)');
    expect(email.text).toMatch(/^No click after 10 days: give Ada a call\.\n\nPartner: Ada <ada@example\.com> \(ptn_1\)/);
    expect(email.text).toContain('GET /v1/partners/ptn_1/messages');
  });

  it('knows its template names', () => {
    expect(Object.keys(EMAIL_TEMPLATES).every(isEmailTemplateName)).toBe(true);
    expect(isEmailTemplateName('partner.nonexistent')).toBe(false);
    expect(isEmailTemplateName('toString')).toBe(false);
  });
});
