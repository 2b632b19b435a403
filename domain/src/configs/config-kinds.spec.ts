import { EMAIL_TEMPLATES, isEmailTemplateName, renderEmail } from '../notifications/email-templates';
import { DEFAULT_PAYOUT_POLICY } from '../payouts/payout-policy.schema';
import { CONFIG_DOCUMENT_KINDS, isConfigurableKind, validateConfigDocument } from './config-kinds';
import {
  DEFAULT_COMMISSION_PLAN,
  DEFAULT_HOLD_CONFIG,
  DEFAULT_ONBOARDING_CONFIG,
  DEFAULT_REENGAGEMENT_CONFIG,
  DEFAULT_TERMINATION_CONFIG,
} from './default-configs';

describe('config kinds', () => {
  it('configures every kind', () => {
    expect(CONFIG_DOCUMENT_KINDS.filter(isConfigurableKind)).toEqual([...CONFIG_DOCUMENT_KINDS]);
  });

  it('validates each kind with its own schema and returns the normalised document', () => {
    expect(validateConfigDocument('screening', { rules: [{ type: 'country_deny', countries: ['kp'], outcome: 'reject' }] })).toEqual({
      valid: true,
      document: { rules: [{ type: 'country_deny', countries: ['KP'], outcome: 'reject' }], whenAllRulesPass: 'approve' },
    });
    expect(validateConfigDocument('termination', DEFAULT_ONBOARDING_CONFIG)).toMatchObject({ valid: false });
    expect(validateConfigDocument('onboarding', 'steps')).toEqual({
      valid: false,
      problems: [{ path: '', message: 'Invalid input: expected object, received string' }],
    });
  });

  it('ships valid defaults', () => {
    expect(validateConfigDocument('onboarding', DEFAULT_ONBOARDING_CONFIG)).toMatchObject({ valid: true });
    expect(validateConfigDocument('reengagement', DEFAULT_REENGAGEMENT_CONFIG)).toMatchObject({ valid: true });
    expect(validateConfigDocument('termination', DEFAULT_TERMINATION_CONFIG)).toMatchObject({ valid: true });
    expect(validateConfigDocument('hold', DEFAULT_HOLD_CONFIG)).toMatchObject({ valid: true });
    expect(validateConfigDocument('commission-plan', DEFAULT_COMMISSION_PLAN)).toMatchObject({ valid: true });
    expect(validateConfigDocument('payout', DEFAULT_PAYOUT_POLICY)).toMatchObject({ valid: true });
  });

  it('renders every template a config can name, greeting the partner and signed by the program', () => {
    const names = Object.keys(EMAIL_TEMPLATES).filter((name) => /^(onboarding|reengagement|termination)\./.test(name));
    expect(names).toHaveLength(9);
    const variables = { partnerName: 'Ada', programName: 'Acme', targetReferrals: 3, withinDays: 14, reward: 'a €50 bonus' };
    for (const name of names.filter(isEmailTemplateName)) {
      const email = renderEmail(name, variables);
      expect(email.text).toMatch(/^Hi Ada,\n\n[\s\S]+— The Acme partner team\n$/);
      expect(email.subject).toContain('Acme');
    }
    expect(renderEmail('reengagement.challenge', variables).text).toContain(
      'Refer 3 qualified leads in the next 14 days and you earn a €50 bonus on top of your regular commissions.',
    );
  });
});
