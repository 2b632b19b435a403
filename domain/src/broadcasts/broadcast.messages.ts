import { defineQuery } from '@temporalio/workflow';
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
  phase: 'scheduled' | 'sending' | 'reminding' | 'done';
  recipients: number;
  sent: number;
  failed: number;
  batches: number;
  /** Reminder rounds done; the next one waits `everyHours` from `sentAt` × (round + 1). */
  remindersDone: number;
  sentAt: string | null;
}

export const broadcastProgressQuery = defineQuery<BroadcastProgress>('broadcastProgress');

/** Wait after a batch of `sent` messages so the pace stays at or under the rate. */
export function broadcastBatchIntervalMs(pace: BroadcastPace, sent: number): number {
  return Math.ceil((sent * 60_000) / pace.ratePerMinute);
}

/** A reminder is the notice again, marked as such. */
export function reminderSubject(subject: string, round: number): string {
  return `Reminder${round > 1 ? ` ${round}` : ''}: ${subject}`;
}
