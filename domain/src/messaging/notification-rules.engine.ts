import type { DomainEvent } from '../events/domain-event';
import type { MessageChannelName } from './notification-kinds';
import type { NotificationRule, NotificationRuleSet, RuleCondition } from './notification-rules.schema';

/** Pure decisions of the notification rules: which rules an event triggers, and their keys. */

function valueAt(data: Record<string, unknown>, field: string): unknown {
  let value: unknown = data;
  for (const part of field.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** Numbers and decimal strings compare as numbers; anything else only by equality. */
function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return undefined;
}

export function conditionHolds(condition: RuleCondition, data: Record<string, unknown>): boolean {
  const actual = valueAt(data, condition.field);
  const expected = condition.value;
  switch (condition.op) {
    case 'exists':
      return actual !== undefined && actual !== null;
    case 'eq':
      return actual === expected || (asNumber(actual) !== undefined && asNumber(actual) === asNumber(expected));
    case 'neq':
      return !conditionHolds({ ...condition, op: 'eq' }, data);
    case 'in':
      return Array.isArray(expected) && expected.some((option) => conditionHolds({ field: condition.field, op: 'eq', value: option }, data));
    default: {
      const left = asNumber(actual);
      const right = asNumber(expected);
      if (left === undefined || right === undefined) return false;
      return { gt: left > right, gte: left >= right, lt: left < right, lte: left <= right }[condition.op];
    }
  }
}

/** The enabled rules for this event whose conditions all hold, in the document's order. */
export function rulesTriggeredBy(ruleSet: NotificationRuleSet, event: Pick<DomainEvent, 'name' | 'data'>): NotificationRule[] {
  return ruleSet.rules.filter(
    (rule) => rule.enabled && rule.event === event.name && rule.conditions.every((condition) => conditionHolds(condition, event.data ?? {})),
  );
}

/** Who a notification is for: a partner, or the program's managers about a partner. */
export type NotificationRecipientKey = `partner:${string}` | 'managers';

/**
 * A notification is sent at most once per event, rule, recipient and channel: this is the
 * message's idempotency key, so a repeated event, a retried activity or a second dispatcher adds
 * nothing.
 */
export const notificationIdempotencyKey = (eventId: string, ruleId: string, recipient: NotificationRecipientKey, channel: MessageChannelName): string =>
  `notification:${eventId}:${ruleId}:${recipient}:${channel}`;

/** The values templates of an event can show: its data's fields, and what it is about. */
export function eventTemplateValues(event: DomainEvent): Record<string, unknown> {
  return {
    ...(event.data ?? {}),
    eventName: event.name,
    occurredAt: event.occurredAt,
    ...(event.subject ? { subjectType: event.subject.type, subjectId: event.subject.id } : {}),
  };
}
