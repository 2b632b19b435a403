import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { z } from 'zod';

/**
 * The broadcast workflow (`broadcast-<broadcastId>`): what it is started with and what it answers
 * ops. The recipient list lives in broadcast_recipients, never in the history.
 */
export const broadcastWorkflowId = (broadcastId: string): string => `broadcast-${broadcastId}`;

export const broadcastRemindersSchema = z
  .object({
    everyHours: z.number().positive().max(720).describe('wait before each reminder, from the send (fractions allowed)'),
    max: z.number().int().min(1).max(10).default(1).describe('how many reminders at most'),
  })
  .strict()
  .describe('reminders to recipients who have not read it (or, with requireAck, not acknowledged it)');
export type BroadcastReminders = z.infer<typeof broadcastRemindersSchema>;

/** Sending pace: at most `ratePerMinute` messages a minute, in batches of `batchSize`. */
export interface BroadcastPace {
  batchSize: number;
  ratePerMinute: number;
}

export interface BroadcastWorkflowInput {
  broadcastId: string;
  programId: string;
  /** ISO time to start sending; absent or past: at once. */
  scheduleAt?: string | null;
  pace: BroadcastPace;
  reminders?: BroadcastReminders | null;
  /** Set by continue-as-new: where the previous run stopped. */
  carried?: BroadcastProgress;
}

export interface BroadcastProgress {
  /** `cancelled`: stopped by an operator (cancelBroadcastUpdate); nothing more is sent. */
  phase: 'scheduled' | 'sending' | 'reminding' | 'done' | 'cancelled';
  recipients: number;
  sent: number;
  failed: number;
  batches: number;
  /** Reminder rounds done; the next one waits `everyHours` from `sentAt` × (round + 1). */
  remindersDone: number;
  sentAt: string | null;
}

export const broadcastProgressQuery = defineQuery<BroadcastProgress>('broadcastProgress');

/** An operator cancels the broadcast (POST /v1/broadcasts/:id/cancel): who, and the HTTP request for the audit entry. */
export interface BroadcastCancelRequest {
  /** The operator key. */
  cancelledBy: string;
  requestId?: string;
}

/** The cancellation as recorded: the first one's, whoever asks again. */
export interface BroadcastCancellation {
  cancelledBy: string;
  cancelledAt: string;
}

/**
 * Cancels a broadcast that is still to send or remind: recorded at once (status `cancelled`, the
 * recipients not reached marked so, an audit entry), and the workflow stops at the next batch
 * boundary — a batch being sent finishes. A repeat answers the first cancellation. The validator
 * refuses (type BROADCAST_CANCEL_REFUSED) once the workflow has finished.
 */
export const cancelBroadcastUpdate = defineUpdate<BroadcastCancellation, [BroadcastCancelRequest]>('cancelBroadcast');
export const BROADCAST_CANCEL_REFUSED = 'BroadcastCancelRefused';
/** patched() id of the waits a cancellation cuts short (before it, the workflow slept them out). */
export const BROADCAST_CANCEL_PATCH = 'broadcast-cancel';

/** Wait after a batch of `sent` messages so the pace stays at or under the rate. */
export function broadcastBatchIntervalMs(pace: BroadcastPace, sent: number): number {
  return Math.ceil((sent * 60_000) / pace.ratePerMinute);
}

/** A reminder is the notice again, marked as such. */
export function reminderSubject(subject: string, round: number): string {
  return `Reminder${round > 1 ? ` ${round}` : ''}: ${subject}`;
}
