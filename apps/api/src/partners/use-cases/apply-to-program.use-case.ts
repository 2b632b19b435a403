import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Partner } from '@partnerflow/db';
import {
  DomainError,
  ErrorCode,
  newId,
  PartnerIdAttribute,
  partnerLifecycleWorkflowId,
  ProgramIdAttribute,
  reapplyAllowedFrom,
  StageAttribute,
  WorkflowKindAttribute,
  type Env,
  type PartnerApplication,
} from '@partnerflow/domain';
import type { partnerLifecycleWorkflow } from '@partnerflow/workflows';
import { ENV, TEMPORAL_CLIENT } from '../../common/tokens';
import { ProgramsRepository } from '../../programs/programs.repository';
import { DuplicateApplicationError, PartnersRepository } from '../partners.repository';

const WORKFLOW_START_TIMEOUT_MS = 5_000;

const alreadyApplied = (email: string) =>
  new DomainError(ErrorCode.CONFLICT, `${email} has already applied to this program`, [
    { path: 'email', message: 'already applied to this program' },
  ]);

export interface ApplicationAccepted {
  partnerId: string;
  workflowId: string;
}

/**
 * A partner applies: the application is stored (stage APPLIED) and the partner's lifecycle
 * workflow is started under a deterministic id, pinned to the current screening config.
 */
@Injectable()
export class ApplyToProgramUseCase {
  constructor(
    private readonly programs: ProgramsRepository,
    private readonly partners: PartnersRepository,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(ENV) private readonly env: Env,
  ) {}

  async execute(
    programRef: string,
    application: PartnerApplication,
    requestId?: string,
  ): Promise<ApplicationAccepted> {
    const program = await this.programs.findByIdOrSlug(programRef);
    if (!program) throw new DomainError(ErrorCode.NOT_FOUND, `program ${programRef} does not exist`);
    const screening = await this.programs.currentConfig(program.id, 'screening');
    if (!screening) {
      throw new DomainError(ErrorCode.RULE_VIOLATION, `program ${program.slug} is not accepting applications: it has no screening config`);
    }
    await this.checkReferrer(program.id, application.referrerPartnerId);

    const partner = await this.storeApplication(program.id, application, screening.document, requestId);
    await this.startLifecycle(partner, screening.id, screening.version);
    return { partnerId: partner.id, workflowId: partner.workflowId };
  }

  private async checkReferrer(programId: string, referrerId: string | undefined): Promise<void> {
    if (referrerId === undefined) return;
    const referrer = await this.partners.findById(referrerId);
    if (!referrer || referrer.programId !== programId) {
      throw new DomainError(ErrorCode.RULE_VIOLATION, 'the referrer is not a partner of this program', [
        { path: 'referrerPartnerId', message: `no partner ${referrerId} in this program` },
      ]);
    }
  }

  /**
   * A second application with the same email is a conflict — unless the first one never got its
   * workflow started (the request failed half-way; then this retry completes it), or it was
   * rejected (then it may be a re-application).
   */
  private async storeApplication(
    programId: string,
    application: PartnerApplication,
    screeningConfig: unknown,
    requestId?: string,
  ): Promise<Partner> {
    try {
      return await this.createApplication(programId, application, requestId);
    } catch (error) {
      if (!(error instanceof DuplicateApplicationError)) throw error;
      const existing = await this.partners.findLatestApplication(programId, application.email);
      if (existing && !existing.workflowStartedAt) return existing;
      if (existing?.stage === 'REJECTED') return this.reapply(existing, application, screeningConfig, requestId);
      throw alreadyApplied(application.email);
    }
  }

  /**
   * A rejected applicant applies again: refused during the cool-off of the program's current
   * screening config, afterwards a new application — a new partner row with the next application
   * number. Reusing the rejected row would reuse its workflow ids, and with them every
   * `<workflowId>:<step>` idempotency key: the new run's stage changes and emails would pass for
   * retries of the old run's and be skipped. The rejected application keeps its history.
   */
  private async reapply(
    rejected: Partner,
    application: PartnerApplication,
    screeningConfig: unknown,
    requestId?: string,
  ): Promise<Partner> {
    const allowedFrom = reapplyAllowedFrom(rejected.stageChangedAt, screeningConfig);
    if (Date.now() < allowedFrom.getTime()) {
      const until = allowedFrom.toISOString();
      throw new DomainError(
        ErrorCode.CONFLICT,
        `${application.email} was rejected on ${rejected.stageChangedAt.toISOString()} and may apply to this program again from ${until}`,
        [{ path: 'email', message: `rejected; may apply again from ${until}` }],
      );
    }
    try {
      return await this.createApplication(rejected.programId, application, requestId, rejected);
    } catch (error) {
      // Another re-application of the same email won the race for the number.
      if (error instanceof DuplicateApplicationError) throw alreadyApplied(application.email);
      throw error;
    }
  }

  private createApplication(
    programId: string,
    application: PartnerApplication,
    requestId: string | undefined,
    previous?: Partner,
  ): Promise<Partner> {
    const partnerId = newId('partner');
    return this.partners.createApplication(
      {
        id: partnerId,
        programId,
        email: application.email,
        name: application.name,
        country: application.country,
        locale: application.locale ?? null,
        website: application.website ?? null,
        channels: application.channels,
        audienceSize: application.audienceSize,
        type: application.partnerType,
        referrerPartnerId: application.referrerPartnerId ?? null,
        workflowId: partnerLifecycleWorkflowId(partnerId),
        applicationNumber: (previous?.applicationNumber ?? 0) + 1,
      },
      requestId,
      previous?.id,
    );
  }

  private async startLifecycle(partner: Partner, configVersionId: string, configVersion: number) {
    const start = () =>
      this.temporal.workflow.start<typeof partnerLifecycleWorkflow>('partnerLifecycleWorkflow', {
        workflowId: partner.workflowId,
        taskQueue: this.env.TEMPORAL_TASK_QUEUE,
        args: [{ partnerId: partner.id, programId: partner.programId, screeningConfigVersionId: configVersionId }],
        typedSearchAttributes: [
          { key: PartnerIdAttribute, value: partner.id },
          { key: ProgramIdAttribute, value: partner.programId },
          { key: StageAttribute, value: partner.stage },
          { key: WorkflowKindAttribute, value: 'partner-lifecycle' },
        ],
        memo: { screeningConfigVersionId: configVersionId, screeningConfigVersion: configVersion },
      });
    try {
      // Bounded: an applicant should hear "try again" in seconds, not wait out gRPC's retries.
      await this.temporal.connection.withDeadline(Date.now() + WORKFLOW_START_TIMEOUT_MS, start);
    } catch (error) {
      // Already started by an earlier attempt of this same request: exactly one workflow either way.
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) {
        // The application is stored; the same request sent again starts its workflow.
        throw new DomainError(
          ErrorCode.DEPENDENCY_UNAVAILABLE,
          'the workflow engine is unavailable: send the same application again in a moment',
        );
      }
    }
    await this.partners.markWorkflowStarted(partner.id);
  }
}
