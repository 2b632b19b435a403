import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/client';
import type { Broadcast, Prisma, Program } from '@partnerflow/db';
import {
  broadcastWorkflowId,
  DomainError,
  ErrorCode,
  newId,
  ProgramIdAttribute,
  renderTemplate,
  SAMPLE_BUILT_IN_VALUES,
  WorkflowKindAttribute,
  type BroadcastReminders,
  type Env,
  type TemplateVariables,
} from '@partnerflow/domain';
import type { broadcastWorkflow } from '@partnerflow/workflows';
import { ENV, TEMPORAL_CLIENT } from '../../common/tokens';
import type { OperatorAction } from '../../programs/programs.repository';
import { GetProgramUseCase } from '../../programs/use-cases/get-program.use-case';
import { BroadcastsRepository, type NewBroadcast } from '../broadcasts.repository';
import type { CreateBroadcast } from '../broadcasts.schemas';

type Content = Pick<NewBroadcast, 'subject' | 'body' | 'format' | 'variables' | 'values' | 'template' | 'templateVersion'>;

/**
 * An operator announces something to a segment: the broadcast is stored (its content fixed now,
 * a template's version included), then its workflow `broadcast-<id>` resolves the recipients at
 * the scheduled time and sends. With an Idempotency-Key, a repeated request answers the first
 * broadcast and starts nothing new.
 */
@Injectable()
export class CreateBroadcastUseCase {
  constructor(
    private readonly programs: GetProgramUseCase,
    private readonly broadcasts: BroadcastsRepository,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(ENV) private readonly env: Env,
  ) {}

  async execute(programRef: string, request: CreateBroadcast, idempotencyKey: string | undefined, action: OperatorAction): Promise<{ broadcast: Broadcast; repeat: boolean }> {
    const program = await this.programs.execute(programRef);
    const earlier = idempotencyKey ? await this.broadcasts.findByIdempotencyKey(program.id, idempotencyKey) : null;
    if (earlier) return this.repeatOf(earlier);

    const id = newId('broadcast');
    const broadcast = await this.broadcasts.create(
      {
        programId: program.id,
        ...(await this.contentOf(program, request)),
        segment: request.segment as Prisma.InputJsonObject,
        channels: request.channels,
        requireAck: request.requireAck,
        reminders: request.reminders ?? undefined,
        ratePerMinute: request.rateLimit.perMinute,
        batchSize: request.rateLimit.batchSize,
        scheduleAt: request.scheduleAt ? new Date(request.scheduleAt) : null,
        idempotencyKey: idempotencyKey ?? null,
      },
      id,
      broadcastWorkflowId(id),
      action,
    );
    if (!broadcast) return this.repeatOf((await this.broadcasts.findByIdempotencyKey(program.id, idempotencyKey!))!);
    try {
      await this.start(broadcast);
    } catch {
      await this.broadcasts.discard(broadcast.id);
      throw new DomainError(ErrorCode.DEPENDENCY_UNAVAILABLE, 'the workflow service is unavailable: nothing was sent; try again shortly');
    }
    await this.broadcasts.audit(action, broadcast, 'broadcast.created', {
      subject: broadcast.subject,
      channels: broadcast.channels,
      segment: request.segment as Prisma.InputJsonObject,
      requireAck: broadcast.requireAck,
      scheduleAt: broadcast.scheduleAt?.toISOString() ?? null,
    });
    return { broadcast, repeat: false };
  }

  /** The repeat of a request whose broadcast exists: its workflow is made sure of, nothing else. */
  private async repeatOf(broadcast: Broadcast) {
    await this.start(broadcast).catch(() => undefined);
    return { broadcast, repeat: true };
  }

  /** The operator's text, or the template version's, checked with sample values for the built-ins. */
  private async contentOf(program: Program, request: CreateBroadcast): Promise<Content> {
    if (!request.template) {
      return { subject: request.subject!, body: request.body!, format: request.format, variables: {}, values: {}, template: null, templateVersion: null };
    }
    const { key, locale, version, variables } = request.template;
    const saved = await this.broadcasts.templateVersion(program.id, key, locale, version);
    if (!saved) {
      throw new DomainError(ErrorCode.RULE_VIOLATION, `template ${key} (${locale}) ${version ? `has no version ${version}` : 'does not exist'} in program ${program.slug}`);
    }
    const content = { subject: saved.subject, body: saved.body, format: saved.format, variables: saved.variables as TemplateVariables };
    const checked = renderTemplate(content, { ...SAMPLE_BUILT_IN_VALUES, programName: program.name, ...variables }, 'template.variables');
    if (!checked.ok) throw new DomainError(ErrorCode.VALIDATION_FAILED, 'the template\'s variables are not filled in correctly', checked.details);
    return { ...content, values: variables as Prisma.InputJsonObject, template: key, templateVersion: saved.version };
  }

  private async start(broadcast: Broadcast): Promise<void> {
    try {
      await this.temporal.workflow.start<typeof broadcastWorkflow>('broadcastWorkflow', {
        workflowId: broadcast.workflowId,
        taskQueue: this.env.TEMPORAL_TASK_QUEUE,
        args: [{
          broadcastId: broadcast.id,
          programId: broadcast.programId,
          scheduleAt: broadcast.scheduleAt?.toISOString() ?? null,
          pace: { batchSize: broadcast.batchSize, ratePerMinute: broadcast.ratePerMinute },
          reminders: (broadcast.reminders as BroadcastReminders | null) ?? null,
        }],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        typedSearchAttributes: [
          { key: ProgramIdAttribute, value: broadcast.programId },
          { key: WorkflowKindAttribute, value: 'broadcast' },
        ],
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }
}
