import { Inject, Injectable } from '@nestjs/common';
import type { Prisma, PrismaClient, WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint } from '@partnerflow/db';
import { newId, webhookDeliveryWorkflowId } from '@partnerflow/domain';
import { PRISMA } from '../common/tokens';
import type { OperatorAction } from '../programs/programs.repository';

export interface NewWebhookEndpoint {
  programId: string;
  url: string;
  description: string | null;
  events: string[];
  secret: string;
  enabled: boolean;
  alertEmails: string[];
  policy: Prisma.InputJsonObject;
}

const audit = (action: OperatorAction, name: string, targetType: string, targetId: string, after: Prisma.InputJsonObject): Prisma.AuditEntryCreateManyInput => ({
  id: newId('audit'),
  actorType: 'operator',
  actorId: action.operatorKeyId,
  action: name,
  targetType,
  targetId,
  after,
  requestId: action.requestId,
});

/** The only path to Prisma for webhook endpoints and their deliveries. */
@Injectable()
export class WebhooksRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  createEndpoint(endpoint: NewWebhookEndpoint, action: OperatorAction): Promise<WebhookEndpoint> {
    return this.prisma.$transaction(async (tx) => {
      const created = await tx.webhookEndpoint.create({ data: { id: newId('webhookEndpoint'), ...endpoint, createdBy: action.operatorKeyId } });
      await tx.auditEntry.createMany({ data: [audit(action, 'webhook_endpoint.created', 'webhook_endpoint', created.id, { url: created.url, events: created.events, enabled: created.enabled })] });
      return created;
    });
  }

  /** Oldest first; deleted endpoints are not listed. */
  listEndpoints(programId: string, limit: number, cursor?: string): Promise<WebhookEndpoint[]> {
    return this.prisma.webhookEndpoint.findMany({
      where: { programId, deletedAt: null, ...(cursor ? { id: { gt: cursor } } : {}) },
      orderBy: { id: 'asc' },
      take: limit + 1,
    });
  }

  /** `withDeleted`: a deleted endpoint's deliveries stay readable. */
  findEndpoint(id: string, { withDeleted = false } = {}): Promise<WebhookEndpoint | null> {
    return this.prisma.webhookEndpoint.findFirst({ where: { id, ...(withDeleted ? {} : { deletedAt: null }) } });
  }

  /** Kept (its deliveries are the record of what was sent) but gone: running deliveries stop at their next attempt. */
  deleteEndpoint(id: string, action: OperatorAction): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.webhookEndpoint.updateMany({ where: { id, deletedAt: null }, data: { deletedAt: new Date(), enabled: false } });
      if (count === 1) await tx.auditEntry.createMany({ data: [audit(action, 'webhook_endpoint.deleted', 'webhook_endpoint', id, { deleted: true })] });
      return count === 1;
    });
  }

  /** Enabled again, with a clean failure streak (the disable rule starts counting afresh). */
  enableEndpoint(id: string, action: OperatorAction): Promise<WebhookEndpoint> {
    return this.prisma.$transaction(async (tx) => {
      const endpoint = await tx.webhookEndpoint.update({
        where: { id },
        data: { enabled: true, consecutiveFailures: 0, failingSince: null, disabledAt: null, disabledReason: null, disabledNotifiedAt: null },
      });
      await tx.auditEntry.createMany({ data: [audit(action, 'webhook_endpoint.enabled', 'webhook_endpoint', id, { enabled: true })] });
      return endpoint;
    });
  }

  listDeliveries(endpointId: string, { status, limit, cursor }: { status?: WebhookDeliveryStatus; limit: number; cursor?: string }) {
    // Newest first: the question is usually "what happened lately".
    return this.prisma.webhookDelivery.findMany({
      where: { endpointId, ...(status ? { status } : {}), ...(cursor ? { id: { lt: cursor } } : {}) },
      include: { attemptLog: { orderBy: { attempt: 'asc' } } },
      orderBy: { id: 'desc' },
      take: limit + 1,
    });
  }

  findDelivery(id: string) {
    return this.prisma.webhookDelivery.findUnique({ where: { id }, include: { endpoint: true } });
  }

  /** A new delivery of the same event to the same endpoint, numbered after the last replay. */
  createReplay(original: WebhookDelivery, action: OperatorAction): Promise<WebhookDelivery> {
    return this.prisma.$transaction(async (tx) => {
      // Serialises concurrent replays of one event and endpoint on the original row.
      await tx.$queryRaw`SELECT id FROM webhook_deliveries WHERE id = ${original.id} FOR UPDATE`;
      const last = await tx.webhookDelivery.aggregate({ where: { eventId: original.eventId, endpointId: original.endpointId }, _max: { replay: true } });
      const id = newId('webhookDelivery');
      const replay = await tx.webhookDelivery.create({
        data: {
          id,
          endpointId: original.endpointId,
          eventId: original.eventId,
          eventName: original.eventName,
          programId: original.programId,
          replay: (last._max.replay ?? 0) + 1,
          replayOf: original.id,
          requestedBy: action.operatorKeyId,
          workflowId: webhookDeliveryWorkflowId(id),
        },
      });
      await tx.auditEntry.createMany({ data: [audit(action, 'webhook_delivery.replayed', 'webhook_delivery', original.id, { replay: replay.id, replayNumber: replay.replay })] });
      return replay;
    });
  }

  /** A replay whose workflow could not be started: nothing was sent; it never was. */
  async discardReplay(id: string): Promise<void> {
    await this.prisma.webhookDelivery.updateMany({ where: { id, attempts: 0, status: 'pending' }, data: { status: 'cancelled', lastError: 'the workflow service was unavailable: not started', completedAt: new Date() } });
  }
}
