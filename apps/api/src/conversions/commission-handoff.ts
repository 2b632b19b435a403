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
import { ENV, TEMPORAL_CLIENT } from '../common/tokens';
import { ConversionsRepository } from './conversions.repository';

/** Conversions older than this and still not handed over are picked up again at boot. */
const CATCH_UP_AFTER_MS = 30_000;
const CATCH_UP_BATCH = 500;

export interface CreditedConversion {
  id: string;
  programId: string;
  partnerIds: string[];
}

/**
 * Hands each credited conversion to the commission hold workflow of every partner it credits
 * (`holds-<partnerId>`, started by the signal when none runs). Once every signal is delivered the
 * conversion is marked `processed`: from there Temporal holds it durably. A conversion whose
 * handoff failed (Temporal down) stays `pending` and is handed over again when the api next
 * starts — signals are idempotent, the workflow's activity keys commissions by business key.
 */
@Injectable()
export class CommissionHandoff implements OnApplicationBootstrap {
  private readonly logger = new Logger('CommissionHandoff');

  constructor(
    private readonly conversions: ConversionsRepository,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(ENV) private readonly env: Env,
  ) {}

  /** Never rejects: the conversion is already stored; a failed handoff is retried later. */
  async handOver(conversion: CreditedConversion): Promise<boolean> {
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
      this.logger.warn(`conversion ${conversion.id} not yet handed to commissions; retried at the next start: ${String(error)}`);
      return false;
    }
  }

  onApplicationBootstrap(): void {
    void this.catchUp().catch((error) => this.logger.warn(`catching up on conversions failed: ${String(error)}`));
  }

  /** Hands over what an earlier run could not, oldest first, until none is left or one fails. */
  async catchUp(): Promise<number> {
    let handed = 0;
    for (;;) {
      const stranded = await this.conversions.notHandedOver(new Date(Date.now() - CATCH_UP_AFTER_MS), CATCH_UP_BATCH);
      for (const conversion of stranded) {
        if (!(await this.handOver(conversion))) return handed;
        handed += 1;
      }
      if (stranded.length < CATCH_UP_BATCH) return handed;
    }
  }
}
