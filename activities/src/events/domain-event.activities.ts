import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { PrismaClient } from '@partnerflow/db';
import { newId, NonRetryableFailure, webhookDeliveryWorkflowId, webhookPolicyOf, type DomainEventDispatchPlan } from '@partnerflow/domain';
import { startDomainEventDispatches } from './domain-event-dispatch';
import { domainEventOf } from './record-domain-event';

/** Events the catch-up leaves to their producers this long (a start may be on its way). */
const STRANDED_AFTER_SECONDS = 60;
const STRANDED_BATCH = 500;

export function createDomainEventActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    /**
     * The dispatch's one database step: a delivery row per enabled endpoint of the program that
     * subscribes to the event (keyed by event, endpoint and replay 0), and the event marked
     * dispatched, in one transaction. A retry answers the deliveries the first attempt created,
     * whatever changed to the endpoints since.
     */
    async prepareDomainEventDispatch({ eventId }: { eventId: string }): Promise<DomainEventDispatchPlan> {
      return prisma.$transaction(async (tx) => {
        const row = await tx.domainEvent.findUnique({ where: { id: eventId } });
        if (!row) throw ApplicationFailure.nonRetryable(`domain event ${eventId} does not exist`, NonRetryableFailure.NOT_FOUND);
        if (!row.dispatchedAt) {
          const endpoints = await tx.webhookEndpoint.findMany({
            where: { programId: row.programId, enabled: true, deletedAt: null, events: { has: row.name } },
            select: { id: true },
          });
          await tx.webhookDelivery.createMany({
            data: endpoints.map((endpoint) => {
              const id = newId('webhookDelivery');
              return { id, endpointId: endpoint.id, eventId, eventName: row.name, programId: row.programId, workflowId: webhookDeliveryWorkflowId(id) };
            }),
            skipDuplicates: true,
          });
          await tx.domainEvent.update({ where: { id: eventId }, data: { dispatchedAt: new Date() } });
        }
        const deliveries = await tx.webhookDelivery.findMany({
          where: { eventId, replay: 0 },
          include: { endpoint: { select: { policy: true } } },
          orderBy: { id: 'asc' },
        });
        return {
          event: domainEventOf(row),
          deliveries: deliveries.map((delivery) => ({
            deliveryId: delivery.id,
            endpointId: delivery.endpointId,
            workflowId: delivery.workflowId,
            retry: webhookPolicyOf(delivery.endpoint.policy).retry,
          })),
        };
      });
    },

    /**
     * The catch-up's sweep: starts the dispatch of every event older than a minute that no dispatch
     * has picked up (its producer crashed after the commit, or Temporal was unreachable then).
     */
    async dispatchStrandedDomainEvents(): Promise<{ found: number; started: number }> {
      const context = Context.current();
      let found = 0;
      let started = 0;
      for (let cursor = ''; ; ) {
        const stranded = await prisma.domainEvent.findMany({
          where: { dispatchedAt: null, createdAt: { lt: new Date(Date.now() - STRANDED_AFTER_SECONDS * 1000) }, id: { gt: cursor } },
          select: { id: true },
          orderBy: { id: 'asc' },
          take: STRANDED_BATCH,
        });
        found += stranded.length;
        started += await startDomainEventDispatches(context.client, context.info.taskQueue, stranded.map((event) => event.id));
        context.heartbeat({ found, started });
        if (stranded.length < STRANDED_BATCH) return { found, started };
        cursor = stranded[stranded.length - 1].id;
      }
    },
  };
}

export type DomainEventActivities = ReturnType<typeof createDomainEventActivities>;
