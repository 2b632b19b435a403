import { z } from 'zod';

/**
 * The kinds of automated notification (seed 003's trigger table, plus seed 001's performance
 * drop). Partners choose which optional kinds they receive and on which channel; mandatory kinds
 * (compliance and payouts) always reach them.
 */
export const NOTIFICATION_KINDS = {
  payout_processed: { category: 'payouts', mandatory: true, description: 'a payout was sent' },
  payout_threshold_reached: { category: 'payouts', mandatory: true, description: 'the balance reached the payout minimum' },
  commission_approved: { category: 'earnings', mandatory: false, description: 'a commission cleared its review or hold' },
  deal_terms_updated: { category: 'compliance', mandatory: true, description: 'the commission plan (deal terms) changed' },
  traffic_quality_flag: { category: 'compliance', mandatory: true, description: 'traffic was flagged for quality' },
  document_required: { category: 'compliance', mandatory: true, description: 'a KYC or tax document is needed' },
  creative_assets: { category: 'marketing', mandatory: false, description: 'new creative assets are available' },
  milestone_achieved: { category: 'engagement', mandatory: false, description: 'a milestone was reached' },
  performance_drop: { category: 'performance', mandatory: false, description: 'performance dropped week over week' },
  // To the managers, not the partner: the partner's own message needs no notice back.
  partner_message: { category: 'conversations', mandatory: false, description: 'a partner wrote to the program team (managers are emailed)' },
} as const satisfies Record<string, { category: string; mandatory: boolean; description: string }>;

export type NotificationKind = keyof typeof NOTIFICATION_KINDS;
export const NOTIFICATION_KIND_NAMES = Object.keys(NOTIFICATION_KINDS) as [NotificationKind, ...NotificationKind[]];
export const notificationKindSchema = z.enum(NOTIFICATION_KIND_NAMES);

export const isMandatoryKind = (kind: NotificationKind): boolean => NOTIFICATION_KINDS[kind].mandatory;

export const MESSAGE_CHANNELS = ['inbox', 'email'] as const;
export type MessageChannelName = (typeof MESSAGE_CHANNELS)[number];
export const messageChannelSchema = z.enum(MESSAGE_CHANNELS);

/** One or both channels, each once. */
export const channelsSchema = z
  .array(messageChannelSchema)
  .min(1)
  .refine((channels) => new Set(channels).size === channels.length, 'must not name a channel twice');
