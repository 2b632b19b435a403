import { z } from 'zod';
import { channelsSchema, isMandatoryKind, NOTIFICATION_KIND_NAMES, NOTIFICATION_KINDS, type MessageChannelName, type NotificationKind } from './notification-kinds';

/**
 * `PUT …/notification-preferences`: the kinds named change, the others stay as they are. A
 * mandatory kind cannot be switched off (400 on its `enabled`); its channels may be chosen.
 */
const preferenceSchema = z
  .object({
    enabled: z.boolean(),
    channels: channelsSchema.optional().describe('where to receive it; the rule\'s channels when absent'),
  })
  .strict();

export const updateNotificationPreferencesSchema = z
  .object({
    preferences: z.partialRecord(z.enum(NOTIFICATION_KIND_NAMES), preferenceSchema).describe('by notification kind'),
  })
  .strict()
  .superRefine(({ preferences }, context) => {
    for (const [kind, preference] of Object.entries(preferences) as [NotificationKind, z.infer<typeof preferenceSchema>][]) {
      if (!preference.enabled && isMandatoryKind(kind)) {
        context.addIssue({
          code: 'custom',
          path: ['preferences', kind, 'enabled'],
          message: `${kind} is a mandatory notification (${NOTIFICATION_KINDS[kind].category}) and cannot be switched off`,
        });
      }
    }
  });
export type UpdateNotificationPreferences = z.infer<typeof updateNotificationPreferencesSchema>;

/** A stored choice, as the rules read it. */
export interface NotificationPreferenceRow {
  kind: string;
  enabled: boolean;
  channels: MessageChannelName[] | null;
}

/**
 * The channels a notification goes out on for one partner: the rule's, narrowed by the partner's
 * choice. Optional kinds the partner switched off, or left with none of the rule's channels, are
 * not sent; mandatory kinds always go out, on the rule's channels when the choice leaves none.
 */
export function channelsForPartner(kind: NotificationKind, ruleChannels: readonly MessageChannelName[], preference: NotificationPreferenceRow | undefined): MessageChannelName[] {
  const mandatory = isMandatoryKind(kind);
  if (!preference) return [...ruleChannels];
  if (!preference.enabled && !mandatory) return [];
  const chosen = preference.channels && preference.channels.length > 0 ? ruleChannels.filter((channel) => preference.channels!.includes(channel)) : [...ruleChannels];
  return chosen.length === 0 && mandatory ? [...ruleChannels] : chosen;
}
