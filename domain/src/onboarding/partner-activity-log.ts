import type { PartnerActivity } from '../workflows/partner-lifecycle.messages';
import { onboardingEventSchema } from './onboarding-config.schema';
import type { PartnerActivityLog } from './onboarding-drip.state';

export type ActivityRecording =
  | { outcome: 'recorded' | 'moved_earlier' | 'unchanged'; log: PartnerActivityLog }
  | { outcome: 'ignored'; log: PartnerActivityLog; reason: string };

/**
 * Folds a `partnerActivity` signal into what the lifecycle knows. Senders repeat signals (retries,
 * crashes), so the earliest time per event is kept and a repeat changes nothing. `receivedAt` stays
 * the first arrival: decisions already taken on it are never revisited, and the log says so.
 */
export function recordPartnerActivity(
  log: PartnerActivityLog,
  signal: PartnerActivity,
  receivedAt: string,
): ActivityRecording {
  const event = onboardingEventSchema.safeParse(signal?.event);
  if (!event.success) return { outcome: 'ignored', log, reason: `unknown event ${JSON.stringify(signal?.event)}` };
  const at = Date.parse(signal.at);
  if (Number.isNaN(at)) return { outcome: 'ignored', log, reason: `${event.data} without a valid time (${JSON.stringify(signal.at)})` };

  const known = log[event.data];
  const reported = { at: new Date(at).toISOString(), sourceId: String(signal.sourceId ?? '') };
  if (!known) return { outcome: 'recorded', log: { ...log, [event.data]: { ...reported, receivedAt } } };
  if (at >= Date.parse(known.at)) return { outcome: 'unchanged', log };
  return { outcome: 'moved_earlier', log: { ...log, [event.data]: { ...reported, receivedAt: known.receivedAt } } };
}
