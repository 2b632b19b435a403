import type { NotificationKind } from './notification-kinds';
import type { NotificationRuleSet } from './notification-rules.schema';
import type { MessageTemplateContent } from './template.engine';

/**
 * What a program gets before it configures anything: seed 003's trigger table as rules, and a
 * built-in template for each (used whenever the program has no template of that key). The event
 * data fields the templates show are optional, so a sparse event still renders.
 */
export const DEFAULT_NOTIFICATION_RULES: NotificationRuleSet = {
  managerEmails: [],
  rules: [
    rule('payout-processed', 'payout.paid', 'payout_processed', [{ type: 'partner' }], ['inbox', 'email']),
    rule('commission-approved', 'commission.approved', 'commission_approved', [{ type: 'partner' }], ['inbox']),
    rule('deal-terms-updated', 'commission_plan.updated', 'deal_terms_updated', [{ type: 'affected_partners' }, { type: 'downline' }], ['inbox', 'email']),
    rule('traffic-quality-flag', 'traffic_quality.flagged', 'traffic_quality_flag', [{ type: 'partner' }, { type: 'managers' }], ['inbox', 'email']),
    rule('creative-assets', 'creative.published', 'creative_assets', [{ type: 'segment', stages: ['ACTIVE', 'PRODUCING', 'CONSISTENT', 'AT_RISK'] }], ['inbox']),
    // The same kind (a partner's creative-assets preference covers both), its own template.
    {
      ...rule('creative-deprecated', 'creative.deprecated', 'creative_assets', [{ type: 'segment', stages: ['ACTIVE', 'PRODUCING', 'CONSISTENT', 'AT_RISK'] }], ['inbox', 'email']),
      template: 'notification.creative-deprecated',
    },
    rule('payout-threshold-reached', 'payout.threshold_reached', 'payout_threshold_reached', [{ type: 'partner' }], ['inbox', 'email']),
    rule('document-required', 'document.required', 'document_required', [{ type: 'partner' }], ['inbox', 'email']),
    rule('milestone-achieved', 'milestone.achieved', 'milestone_achieved', [{ type: 'partner' }], ['inbox']),
    {
      ...rule('performance-drop', 'performance.dropped', 'performance_drop', [{ type: 'managers' }], ['email']),
      conditions: [{ field: 'dropPercent', op: 'gte', value: 30 }],
    },
    rule('partner-message', 'message.received', 'partner_message', [{ type: 'managers' }], ['email']),
  ],
};

function rule(
  id: string,
  event: NotificationRuleSet['rules'][number]['event'],
  kind: NotificationKind,
  recipients: NotificationRuleSet['rules'][number]['recipients'],
  channels: NotificationRuleSet['rules'][number]['channels'],
): NotificationRuleSet['rules'][number] {
  return { id, event, kind, enabled: true, conditions: [], recipients, channels, template: `notification.${kind.replace(/_/g, '-')}`, quietHours: null };
}

const SIGN_OFF = '\n\n— The {{programName}} partner team';
const note = (subject: string, body: string, variables: MessageTemplateContent['variables'] = {}): MessageTemplateContent => ({
  subject,
  format: 'text',
  body: `Hi {{partnerName}},\n\n${body}${SIGN_OFF}`,
  variables,
});

/** Built-in templates by key, in English. */
export const DEFAULT_NOTIFICATION_TEMPLATES: Record<string, MessageTemplateContent> = {
  // The partner's only "payout processed" notice (the payout run sends none of its own): what the
  // payout.paid event carries — flat amount and currency, the payment's reference, the payout id.
  'notification.payout-processed': note(
    'Your payout has been sent',
    'Your payout has been processed and sent: {{amount}} {{currency}} (reference {{reference}}).\n\nIts statement lists every commission and reversal it covers: in your partner dashboard, or GET /v1/me/payouts/{{payoutId}}/statement.',
    { amount: 'string?', currency: 'string?', reference: 'string?', payoutId: 'string?' },
  ),
  // commission.approved carries its amount as money ({ amount, currency }), like every commission event.
  'notification.commission-approved': note('A commission was approved', 'A commission of {{amount}} cleared review and is now approved.', { amount: 'money?' }),
  'notification.deal-terms-updated': note(
    'Your deal terms have changed',
    'The commission plan that applies to you has been updated{{summary}}. The new terms are in your partner portal.',
    { summary: 'string?' },
  ),
  'notification.traffic-quality-flag': note(
    'Traffic quality warning',
    'Some of your recent traffic was flagged for review: {{reason}}. Please check your sources; this is an early warning, not a decision.',
    { reason: 'string?' },
  ),
  'notification.creative-assets': note('New creative assets are available', 'New promotional material is ready for you: {{title}} {{url}}', { title: 'string?', url: 'url?' }),
  // Email too: a partner still running a withdrawn asset (an ended offer, non-compliant copy) must hear of it.
  'notification.creative-deprecated': note(
    'Please stop using a creative: {{title}}',
    'The creative "{{title}}" ({{url}}) has been withdrawn{{reason}}. Please remove it from your pages and campaigns; the current assets are in your partner portal.',
    { title: 'string?', url: 'url?', reason: 'string?' },
  ),
  'notification.payout-threshold-reached': note(
    'You have reached the payout threshold',
    'Your approved balance of {{balance}} {{currency}} has reached the payout minimum. Please confirm your payout method so we can pay you.',
    { balance: 'string?', currency: 'string?' },
  ),
  // document.required from the payout run's tax gate: `details` says what is on hold and why.
  'notification.document-required': note(
    'A document is required',
    'We need a document from you before we can continue: {{document}}. Please provide it by {{dueDate}}.\n\n{{details}}',
    { document: 'string?', dueDate: 'string?', details: 'string?' },
  ),
  'notification.milestone-achieved': note('Congratulations on your milestone', 'You reached a milestone: {{milestone}}. Thank you for the great work!', { milestone: 'string?' }),
  'notification.performance-drop': {
    subject: 'Performance drop: {{partnerName}}',
    format: 'text',
    body: '{{partnerName}} ({{partnerId}}) dropped {{dropPercent}}% week over week on {{metric}}: {{previous}} → {{current}}.\n\n— Partnerflow',
    variables: { dropPercent: 'number?', metric: 'string?', previous: 'string?', current: 'string?' },
  },
  // message.received: the partner's words go to the managers as written (their own program's thread).
  'notification.partner-message': {
    subject: 'New message from {{partnerName}}: {{messageSubject}}',
    format: 'text',
    body: '{{partnerName}} ({{partnerId}}) wrote to the partner team:\n\n{{excerpt}}\n\nThe whole thread, to read and answer: GET /v1/partners/{{partnerId}}/messages (thread {{threadId}}).\n\n— Partnerflow',
    variables: { messageSubject: 'string?', excerpt: 'string?', threadId: 'string?' },
  },
};

/** The generic notice when a template cannot render an event (its values do not fit the types). */
export const FALLBACK_NOTIFICATION_TEMPLATE: MessageTemplateContent = note('{{title}}', 'There is an update for you in your partner portal: {{title}}.', { title: 'string' });
