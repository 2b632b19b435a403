import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Client } from '@temporalio/client';
import {
  commissionHoldWorkflowId,
  conversionCreditedSignal,
  PartnerIdAttribute,
  ProgramIdAttribute,
  WorkflowKindAttribute,
  type Env,
} from '@partnerflow/domain';
import type { commissionHoldWorkflow } from '@partnerflow/workflows';
import { BackgroundWork } from '../common/background-work';
import { ENV, TEMPORAL_CLIENT } from '../common/tokens';
import { ConversionsRepository } from './conversions.repository';

const CATCH_UP_BATCH = 500;
/** After a failed handoff, new conversions wait in the database this long before Temporal is tried again. */
const PAUSE_AFTER_FAILURE_MS = 15_000;

export interface CreditedConversion {
  id: string;
  programId: string;
  partnerIds: string[];
}

/**
 * Hands each credited conversion to the commission hold workflow of every partner it credits
 * (`holds-<partnerId>`, started by the signal when none runs). Once every signal is delivered the
 * conversion is marked `processed`: from there Temporal holds it durably. While Temporal is
 * unreachable, conversions stay `pending` in the database — after a failure the handoff pauses
 * (no per-conversion retries or log lines flooding a busy ingestion path) and the first handoff
 * that succeeds afterwards starts a catch-up of everything left pending; the api's start does too.
 * Until a handoff has reached Temporal (at start, after a pause), one goes first and the others
 * wait for its outcome: an outage costs one retrying call, not one per conversion ingested.
 * Signals are idempotent and the workflow's activity keys commissions by business key, so a
 * conversion handed over twice is harmless.
 */
@Injectable()
export class CommissionHandoff implements OnApplicationBootstrap {
  private readonly logger = new Logger('CommissionHandoff');
  private pausedUntil = 0;
  private failedSincePause = 0;
  /** Whether the last handoff reached Temporal. */
  private reachable = false;
  /** The handoff finding out whether Temporal is reachable, which the others wait for. */
  private probe: Promise<boolean> | undefined;
  private catchingUp = false;

  constructor(
    private readonly conversions: ConversionsRepository,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(ENV) private readonly env: Env,
    private readonly background: BackgroundWork,
  ) {}

  /** Never rejects: the conversion is already stored; a failed handoff is retried later. */
  async handOver(conversion: CreditedConversion): Promise<boolean> {
    if (Date.now() < this.pausedUntil) {
      this.failedSincePause += 1;
      return false;
    }
    if (!this.reachable) {
      // Not known to be reachable (just started, or a pause is over): one handoff finds out and the
      // others wait for its outcome, instead of each retrying against a server that may be gone.
      if (!this.probe) {
        const probe = this.attempt(conversion);
        this.probe = probe;
        try {
          return await probe;
        } finally {
          this.probe = undefined;
        }
      }
      if (!(await this.probe)) {
        this.failedSincePause += 1;
        return false;
      }
    }
    return this.attempt(conversion);
  }

  private async attempt(conversion: CreditedConversion): Promise<boolean> {
    const recovering = this.pausedUntil !== 0;
    if (await this.deliver(conversion)) {
      this.reachable = true;
      if (recovering) {
        this.pausedUntil = 0;
        this.logger.log('Temporal is reachable again: handing over the conversions left pending');
        this.background.run('catching up on conversions', () => this.catchUp());
      }
      return true;
    }
    this.reachable = false;
    this.pausedUntil = Date.now() + PAUSE_AFTER_FAILURE_MS;
    return false;
  }

  private async deliver(conversion: CreditedConversion): Promise<boolean> {
    try {
      for (const partnerId of new Set(conversion.partnerIds)) {
        await this.temporal.workflow.signalWithStart<typeof commissionHoldWorkflow, [{ conversionId: string }]>('commissionHoldWorkflow', {
          workflowId: commissionHoldWorkflowId(partnerId),
          taskQueue: this.env.TEMPORAL_TASK_QUEUE,
          args: [{ partnerId, programId: conversion.programId }],
          signal: conversionCreditedSignal,
          signalArgs: [{ conversionId: conversion.id }],
          typedSearchAttributes: [
            { key: PartnerIdAttribute, value: partnerId },
            { key: ProgramIdAttribute, value: conversion.programId },
            { key: WorkflowKindAttribute, value: 'commission-hold' },
          ],
        });
      }
      await this.conversions.markHandedOver(conversion.id);
      return true;
    } catch (error) {
      const skipped = this.failedSincePause > 0 ? ` (${this.failedSincePause} more left pending meanwhile)` : '';
      this.failedSincePause = 0;
      this.logger.warn(`conversion ${conversion.id} not yet handed to commissions${skipped}; retried in ${PAUSE_AFTER_FAILURE_MS / 1000} s: ${String(error)}`);
      return false;
    }
  }

  onApplicationBootstrap(): void {
    this.background.run('catching up on conversions', () => this.catchUp());
  }

  /** Hands over what could not be earlier, oldest first, until none is left or one fails; one catch-up at a time. */
  async catchUp(): Promise<number> {
    if (this.catchingUp) return 0;
    this.catchingUp = true;
    let handed = 0;
    try {
      for (;;) {
        const stranded = await this.conversions.notHandedOver(new Date(), CATCH_UP_BATCH);
        for (const conversion of stranded) {
          if (!(await this.deliver(conversion))) return handed;
          handed += 1;
        }
        if (stranded.length < CATCH_UP_BATCH) return handed;
      }
    } finally {
      this.catchingUp = false;
    }
  }
}
