import { DEFAULT_NOTIFICATION_RULES, DEFAULT_NOTIFICATION_TEMPLATES } from './default-notifications';
import { channelsForPartner, updateNotificationPreferencesSchema } from './notification-preferences.schema';
import { conditionHolds, notificationIdempotencyKey, rulesTriggeredBy } from './notification-rules.engine';
import { notificationRuleSetSchema } from './notification-rules.schema';
import { notBeforeQuietHours } from './quiet-hours';

describe('notification rules', () => {
  it('has valid defaults covering the trigger table, each with a built-in template', () => {
    expect(notificationRuleSetSchema.parse(DEFAULT_NOTIFICATION_RULES)).toEqual(DEFAULT_NOTIFICATION_RULES);
    expect(DEFAULT_NOTIFICATION_RULES.rules.map((rule) => rule.event)).toEqual([
      'payout.paid', 'commission.approved', 'commission_plan.updated', 'traffic_quality.flagged', 'creative.published', 'creative.deprecated',
      'payout.threshold_reached', 'document.required', 'milestone.achieved', 'performance.dropped', 'message.received',
    ]);
    for (const rule of DEFAULT_NOTIFICATION_RULES.rules) expect(DEFAULT_NOTIFICATION_TEMPLATES[rule.template]).toBeDefined();
  });

  it('triggers enabled rules of the event whose conditions hold', () => {
    const drop = (dropPercent: unknown) => rulesTriggeredBy(DEFAULT_NOTIFICATION_RULES, { name: 'performance.dropped', data: { dropPercent } });
    expect(drop(45).map((rule) => rule.id)).toEqual(['performance-drop']);
    expect(drop('30.0')).toHaveLength(1);
    expect(drop(12)).toEqual([]);
    expect(drop(undefined)).toEqual([]);
    expect(conditionHolds({ field: 'flag.severity', op: 'in', value: ['high', 'critical'] }, { flag: { severity: 'high' } })).toBe(true);
    expect(conditionHolds({ field: 'country', op: 'neq', value: 'GB' }, { country: 'GB' })).toBe(false);
    expect(conditionHolds({ field: 'x', op: 'exists' }, { x: 0 })).toBe(true);
  });

  it('refuses duplicate rule ids and conditions without a value', () => {
    const rule = DEFAULT_NOTIFICATION_RULES.rules[0];
    const result = notificationRuleSetSchema.safeParse({ rules: [rule, { ...rule, conditions: [{ field: 'amount', op: 'gt' }] }] });
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['rules.1.conditions.0.value', 'rules.1.id']);
  });

  it('keys a notification by event, rule, recipient and channel', () => {
    expect(notificationIdempotencyKey('evt_1', 'payout-processed', 'partner:ptn_1', 'email')).toBe('notification:evt_1:payout-processed:partner:ptn_1:email');
  });
});

describe('notification preferences', () => {
  it('cannot switch a mandatory kind off', () => {
    const result = updateNotificationPreferencesSchema.safeParse({ preferences: { payout_processed: { enabled: false }, milestone_achieved: { enabled: false } } });
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['preferences.payout_processed.enabled']);
    expect(updateNotificationPreferencesSchema.safeParse({ preferences: { nope: { enabled: true } } }).success).toBe(false);
  });

  it('narrows the rule\'s channels to the partner\'s choice; mandatory kinds always go out', () => {
    expect(channelsForPartner('milestone_achieved', ['inbox', 'email'], undefined)).toEqual(['inbox', 'email']);
    expect(channelsForPartner('milestone_achieved', ['inbox', 'email'], { kind: 'milestone_achieved', enabled: false, channels: null })).toEqual([]);
    expect(channelsForPartner('commission_approved', ['inbox', 'email'], { kind: 'commission_approved', enabled: true, channels: ['email'] })).toEqual(['email']);
    expect(channelsForPartner('commission_approved', ['inbox'], { kind: 'commission_approved', enabled: true, channels: ['email'] })).toEqual([]);
    expect(channelsForPartner('payout_processed', ['inbox'], { kind: 'payout_processed', enabled: true, channels: ['email'] })).toEqual(['inbox']);
  });
});

describe('quiet hours', () => {
  const hours = { start: '22:00', end: '07:00', timeZone: 'Europe/Berlin' };
  it('holds a notification inside the window until it ends, in the rule\'s time zone', () => {
    // 23:30 in Berlin (UTC+1 in January) → 07:00 Berlin = 06:00 UTC
    expect(notBeforeQuietHours(hours, new Date('2026-01-10T22:30:15Z')).toISOString()).toBe('2026-01-11T06:00:00.000Z');
    expect(notBeforeQuietHours(hours, new Date('2026-01-11T05:59:00Z')).toISOString()).toBe('2026-01-11T06:00:00.000Z');
  });
  it('lets it go at once outside the window, or without quiet hours', () => {
    const at = new Date('2026-01-11T06:00:00Z');
    expect(notBeforeQuietHours(hours, at)).toBe(at);
    expect(notBeforeQuietHours(null, at)).toBe(at);
    expect(notBeforeQuietHours({ start: '09:00', end: '17:00', timeZone: 'UTC' }, new Date('2026-01-11T12:00:00Z')).toISOString()).toBe('2026-01-11T17:00:00.000Z');
  });
});
