import { Injectable } from '@nestjs/common';
import type { Partner } from '@partnerflow/db';
import {
  applicationUnderScreening,
  DomainError,
  ErrorCode,
  planOnboardingTimeline,
  planReengagement,
  screenApplication,
  validateConfigDocument,
  type ApplicationUnderScreening,
  type ConfigDocumentKind,
  type PartnerApplication,
} from '@partnerflow/domain';
import { SimulatePlanUseCase } from '../../commissions/use-cases/simulate-plan.use-case';
import { PreviewPayoutRunUseCase } from '../../payouts/use-cases/preview-payout-run.use-case';
import { ReattributeDryRunUseCase } from '../../conversions/use-cases/reattribute-dry-run.use-case';
import { ProgramsRepository } from '../../programs/programs.repository';
import { GetProgramUseCase } from '../../programs/use-cases/get-program.use-case';
import { toStoredKind } from '../config-kinds.mapping';
import { parseConfigDocument } from '../config-document';
import type { DryRunResult } from '../configs.schemas';
import { DryRunSubjectsRepository } from '../dry-run-subjects.repository';

export interface DryRunRequest {
  document?: Record<string, unknown>;
  partnerId?: string;
  partner?: PartnerApplication;
  sinceDays?: number;
  limit?: number;
}

const DRY_RUN_KINDS = ['screening', 'onboarding', 'reengagement', 'attribution', 'commission-plan', 'payout'] as const;
type DryRunKind = (typeof DRY_RUN_KINDS)[number];
const isDryRunKind = (kind: ConfigDocumentKind): kind is DryRunKind => (DRY_RUN_KINDS as readonly string[]).includes(kind);

/**
 * What a config — the current version or a draft — would do: for one partner, screening's
 * decision with each rule's reason, the onboarding drip's dated timeline, or when a re-engagement
 * cycle would start and each of its steps' dates if the partner stays quiet; what the next payout
 * run would pay and hold, per partner, with today's balances; for the program's
 * recent conversions, who the attribution config would credit or what the commission plan would
 * pay. Changes nothing.
 */
@Injectable()
export class DryRunConfigUseCase {
  constructor(
    private readonly getProgram: GetProgramUseCase,
    private readonly programs: ProgramsRepository,
    private readonly subjects: DryRunSubjectsRepository,
    private readonly reattribute: ReattributeDryRunUseCase,
    private readonly simulatePlan: SimulatePlanUseCase,
    private readonly previewPayoutRun: PreviewPayoutRunUseCase,
  ) {}

  async execute(programRef: string, kind: ConfigDocumentKind, request: DryRunRequest): Promise<DryRunResult> {
    if (!isDryRunKind(kind)) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, `dry runs of the ${kind} config are not supported yet`, [
        { path: 'kind', message: 'no dry run yet' },
      ]);
    }
    const program = await this.getProgram.execute(programRef);
    if (kind === 'attribution') {
      const { document, version } = await this.configToRun(program.id, 'attribution', request.document);
      const attribution = await this.reattribute.execute({
        programId: program.id,
        config: document,
        configVersion: version,
        sinceDays: request.sinceDays ?? 30,
        limit: request.limit ?? 200,
      });
      return { kind, configVersion: version, partnerId: null, attribution };
    }
    if (kind === 'commission-plan') {
      const { document, version } = await this.configToRun(program.id, 'commission-plan', request.document);
      const commissionPlan = await this.simulatePlan.execute({
        programId: program.id,
        plan: document,
        planVersion: version,
        sinceDays: request.sinceDays ?? 30,
        limit: request.limit ?? 1000,
      });
      return { kind, configVersion: version, partnerId: null, commissionPlan };
    }
    const partner = request.partnerId ? await this.partnerOf(program.id, request.partnerId) : null;
    const partnerId = partner?.id ?? null;

    if (kind === 'screening') {
      const { document, version } = await this.configToRun(program.id, 'screening', request.document);
      const application = partner ? applicationUnderScreening(partner) : syntheticApplication(request.partner);
      return { kind, configVersion: version, partnerId, screening: screenApplication(document, application) };
    }
    if (kind === 'payout') {
      const { document, version } = await this.configToRun(program.id, 'payout', request.document);
      return { kind, configVersion: version, partnerId, payout: await this.previewPayoutRun.execute(program.id, document, partnerId ?? undefined) };
    }
    if (kind === 'reengagement') {
      const { document, version } = await this.configToRun(program.id, 'reengagement', request.document);
      const [approvedAt, lastActivity] = partner ? await Promise.all([this.subjects.approvedAt(partner.id), this.subjects.latestActivity(partner.id)]) : [null, null];
      return { kind, configVersion: version, partnerId, reengagement: planReengagement(document, { approvedAt, lastActivity }, Date.now()) };
    }
    const { document, version } = await this.configToRun(program.id, 'onboarding', request.document);
    const approvedAt = partner ? await this.subjects.approvedAt(partner.id) : null;
    const timeline = planOnboardingTimeline(document, approvedAt ?? new Date());
    return {
      kind,
      configVersion: version,
      partnerId,
      onboarding: { approvedAt: timeline.approvedAt, approvedAtSource: approvedAt ? 'approval' : 'now', entries: timeline.entries },
    };
  }

  private async partnerOf(programId: string, partnerId: string): Promise<Partner> {
    const partner = await this.subjects.findPartner(programId, partnerId);
    if (!partner) throw new DomainError(ErrorCode.NOT_FOUND, `partner ${partnerId} is not a partner of this program`);
    return partner;
  }

  /** The draft when one is given (400 with its problems), else the current stored version. */
  private async configToRun<K extends DryRunKind>(programId: string, kind: K, draft: unknown) {
    if (draft !== undefined) return { document: parseConfigDocument(kind, draft), version: null };
    const current = await this.programs.currentConfig(programId, toStoredKind(kind));
    if (!current) {
      throw new DomainError(ErrorCode.NOT_FOUND, `the program has no ${kind} config yet: send a draft as \`document\``);
    }
    const stored = validateConfigDocument(kind, current.document);
    if (!stored.valid) {
      throw new DomainError(ErrorCode.RULE_VIOLATION, `${kind} config version ${current.version} no longer validates`, stored.problems);
    }
    return { document: stored.document, version: current.version };
  }
}


function syntheticApplication(application: PartnerApplication | undefined): ApplicationUnderScreening {
  if (!application) {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, 'a screening dry run needs a partner: give partnerId or partner', [
      { path: 'partner', message: 'give partnerId or partner' },
    ]);
  }
  const { referrerPartnerId: _referrer, website, ...fields } = application;
  return { ...fields, website: website ?? null };
}
