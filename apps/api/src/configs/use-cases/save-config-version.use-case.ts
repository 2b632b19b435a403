import { Injectable, Logger } from '@nestjs/common';
import { commissionPlanUpdatedEvent } from '@partnerflow/activities';
import type { ConfigApplyTo, ConfigVersion } from '@partnerflow/db';
import type { ConfigDocumentKind } from '@partnerflow/domain';
import { ProgramsRepository, type OperatorAction } from '../../programs/programs.repository';
import { GetProgramUseCase } from '../../programs/use-cases/get-program.use-case';
import { SyncPayoutSchedulesUseCase } from '../../payouts/use-cases/sync-payout-schedules.use-case';
import { DomainEventDispatcher } from '../../webhooks/domain-event-dispatcher';
import { toStoredKind } from '../config-kinds.mapping';
import { assertConfigurable, parseConfigDocument } from '../config-document';

export interface ConfigChange {
  document: Record<string, unknown>;
  applyTo: ConfigApplyTo;
}

/**
 * An operator saves a program's config: validated against its kind's schema, stored as the next
 * immutable version (running workflows keep the version they started with) and audited. A new
 * commission plan records `commission_plan.updated` with it (the partners' deal-terms notice),
 * dispatched after the commit.
 */
@Injectable()
export class SaveConfigVersionUseCase {
  constructor(
    private readonly getProgram: GetProgramUseCase,
    private readonly programs: ProgramsRepository,
    private readonly payoutSchedules: SyncPayoutSchedulesUseCase,
    private readonly events: DomainEventDispatcher,
  ) {}

  async execute(programRef: string, kind: ConfigDocumentKind, change: ConfigChange, action: OperatorAction): Promise<ConfigVersion> {
    assertConfigurable(kind);
    const document = parseConfigDocument(kind, change.document);
    const program = await this.getProgram.execute(programRef);
    const { version: saved, eventIds } = await this.programs.createConfigVersion(
      {
        programId: program.id,
        kind: toStoredKind(kind),
        document,
        applyTo: change.applyTo,
        auditAfter: { kind, applyTo: change.applyTo },
        ...(kind === 'commission-plan' ? { events: (created: ConfigVersion) => [commissionPlanUpdatedEvent(created)] } : {}),
      },
      action,
    );
    await this.events.dispatch(eventIds);
    // The program's payout schedule follows its policy; if Temporal is down, the api's next start syncs it.
    if (kind === 'payout') {
      await this.payoutSchedules.execute(program.id).catch((error: unknown) => new Logger('PayoutSchedules').warn(`schedule of ${program.id} not updated: ${(error as Error).message}`));
    }
    return saved;
  }
}
