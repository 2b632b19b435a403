import type { ApplicationUnderScreening } from '../partners/partner.schema';
import type { RuleOutcome, ScreeningConfig, ScreeningRule } from './screening-config.schema';

export type ScreeningDecision = 'approve' | 'reject' | 'review';

export interface RuleResult {
  rule: string;
  type: ScreeningRule['type'];
  passed: boolean;
  outcome?: RuleOutcome;
  reason: string;
}

export interface ScreeningResult {
  decision: ScreeningDecision;
  /** One line a reviewer or the applicant's email can show. */
  summary: string;
  rules: RuleResult[];
}

type Check = { passed: boolean; reason: string };

function checkRule(rule: ScreeningRule, application: ApplicationUnderScreening): Check {
  switch (rule.type) {
    case 'required_fields': {
      const missing = rule.fields.filter((field) => {
        if (field === 'website') return !application.website;
        if (field === 'channels') return application.channels.length === 0;
        if (field === 'audienceSize') return application.audienceSize <= 0;
        return !application.website && application.channels.length === 0;
      });
      return missing.length === 0
        ? { passed: true, reason: 'all required fields present' }
        : { passed: false, reason: `missing ${missing.join(', ')}` };
    }
    case 'country_allow':
      return rule.countries.includes(application.country)
        ? { passed: true, reason: `country ${application.country} is allowed` }
        : { passed: false, reason: `country ${application.country} is not in the allowed list` };
    case 'country_deny':
      return rule.countries.includes(application.country)
        ? { passed: false, reason: `country ${application.country} is not accepted` }
        : { passed: true, reason: `country ${application.country} is not denied` };
    case 'min_audience':
      return application.audienceSize >= rule.min
        ? { passed: true, reason: `audience ${application.audienceSize} ≥ ${rule.min}` }
        : { passed: false, reason: `audience ${application.audienceSize} is below ${rule.min}` };
    case 'blocked_email_domains': {
      const domain = application.email.split('@').pop() ?? '';
      return rule.domains.includes(domain)
        ? { passed: false, reason: `email domain ${domain} is blocked` }
        : { passed: true, reason: `email domain ${domain} is not blocked` };
    }
    case 'partner_types':
      return rule.allowed.includes(application.partnerType)
        ? { passed: true, reason: `partner type ${application.partnerType} is accepted` }
        : { passed: false, reason: `partner type ${application.partnerType} is not accepted` };
  }
}

/**
 * Pure and deterministic, so the workflow can run it and an operator's dry run gives the same
 * answer. Any failed `reject` rule rejects; otherwise any failed `review` rule sends the
 * application to human review; otherwise the config's `whenAllRulesPass` decides.
 */
export function screenApplication(
  config: ScreeningConfig,
  application: ApplicationUnderScreening,
): ScreeningResult {
  const rules: RuleResult[] = config.rules.map((rule, index) => {
    const check = checkRule(rule, application);
    return {
      rule: rule.id ?? `${index + 1}:${rule.type}`,
      type: rule.type,
      passed: check.passed,
      ...(check.passed ? {} : { outcome: rule.outcome }),
      reason: check.reason,
    };
  });
  const failed = rules.filter((result) => !result.passed);
  const rejecting = failed.filter((result) => result.outcome === 'reject');
  const reviewing = failed.filter((result) => result.outcome === 'review');

  if (rejecting.length > 0) {
    return { decision: 'reject', summary: rejecting.map((r) => r.reason).join('; '), rules };
  }
  if (reviewing.length > 0) {
    return { decision: 'review', summary: reviewing.map((r) => r.reason).join('; '), rules };
  }
  return config.whenAllRulesPass === 'approve'
    ? { decision: 'approve', summary: 'all screening rules passed', rules }
    : { decision: 'review', summary: 'all rules passed; program reviews every application', rules };
}
