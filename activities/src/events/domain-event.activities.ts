import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { PrismaClient } from '@partnerflow/db';
import { newId, NonRetryableFailure, webhookDeliveryWorkflowId, webhookPolicyOf, type DomainEventDispatchPlan } from '@partnerflow/domain';
import { startDomainEventBatchDispatch, startDomainEventDispatches } from './domain-event-dispatch';
import { domainEventOf } from './record-domain-event';

/** Events the catch-up leaves to their producers this long (a start may be on its way). */
const STRANDED_AFTER_SECONDS = 60;
const STRANDED_BATCH = 500;

export function createDomainEventActivities({ prisma }: { prisma: PrismaClient }) {
  /**
   * Plans the dispatch of these events: for each not dispatched yet, a delivery row per enabled
   * endpoint of its program subscribed to it, and the event marked dispatched; then every event's
   * deliveries of replay 0 (a concurrent or earlier dispatch's rows, the unique key keeps them once).
   */
  function prepare(eventIds: string[]): Promise<DomainEventDispatchPlan[]> {
    return prisma.$transaction(async (tx) => {
      const rows = await tx.domainEvent.findMany({ where: { id: { in: [...new Set(eventIds)] } } });
      const fresh = rows.filter((row) => !row.dispatchedAt);
      if (fresh.length > 0) {
        const endpoints = await tx.webhookEndpoint.findMany({
          where: { programId: { in: [...new Set(fresh.map((row) => row.programId))] }, enabled: true, deletedAt: null, events: { hasSome: [...new Set(fresh.map((row) => row.name))] } },
          select: { id: true, programId: true, events: true },
        });
        await tx.webhookDelivery.createMany({
          data: fresh.flatMap((row) =>
            endpoints
              .filter((endpoint) => endpoint.programId === row.programId && endpoint.events.includes(row.name))
              .map((endpoint) => {
                const id = newId('webhookDelivery');
                return { id, endpointId: endpoint.id, eventId: row.id, eventName: row.name, programId: row.programId, workflowId: webhookDeliveryWorkflowId(id) };
              }),
          ),
          skipDuplicates: true,
        });
        await tx.domainEvent.updateMany({ where: { id: { in: fresh.map((row) => row.id) }, dispatchedAt: null }, data: { dispatchedAt: new Date() } });
      }
      const deliveries = await tx.webhookDelivery.findMany({
        where: { eventId: { in: rows.map((row) => row.id) }, replay: 0 },
        include: { endpoint: { select: { policy: true } } },
        orderBy: { id: 'asc' },
      });
      const byId = new Map(rows.map((row) => [row.id, row]));
      return [...new Set(eventIds)]
        .filter((id) => byId.has(id))
        .map((id) => ({
          event: domainEventOf(byId.get(id)!),
          deliveries: deliveries
            .filter((delivery) => delivery.eventId === id)
            .map((delivery) => ({ deliveryId: delivery.id, endpointId: delivery.endpointId, workflowId: delivery.workflowId, retry: webhookPolicyOf(delivery.endpoint.policy).retry })),
        }));
    });
  }

  return {
    /**
     * The dispatch's one database step: a delivery row per enabled endpoint of the program that
     * subscribes to the event (keyed by event, endpoint and replay 0), and the event marked
     * dispatched, in one transaction. A retry answers the deliveries the first attempt created,
     * whatever changed to the endpoints since.
     */
    async prepareDomainEventDispatch({ eventId }: { eventId: string }): Promise<DomainEventDispatchPlan> {
      const [plan] = await prepare([eventId]);
      if (!plan) throw ApplicationFailure.nonRetryable(`domain event ${eventId} does not exist`, NonRetryableFailure.NOT_FOUND);
      return plan;
    },

    /**
     * The same for a batch of events (a bulk producer's, domainEventBatchDispatchWorkflow; at most
     * MAX_EVENTS_PER_DISPATCH_BATCH), in one transaction: the plans in the order given; an id that
     * names no event is left out.
     */
    async prepareDomainEventDispatches({ eventIds }: { eventIds: string[] }): Promise<DomainEventDispatchPlan[]> {
      return prepare(eventIds);
    },

    /**
     * A bulk producer hands over a batch of its committed events (the payout run, a wave's payouts):
     * one dispatch workflow for them, started with the worker's client. Never fails the producer:
     * a batch that cannot be started now is left to the catch-up (its events stay undispatched).
     */
    async dispatchDomainEventBatch({ batchKey, eventIds }: { batchKey: string; eventIds: string[] }): Promise<{ started: boolean }> {
      if (eventIds.length === 0) return { started: false };
      const context = Context.current();
      try {
        return { started: await startDomainEventBatchDispatch(context.client, context.info.taskQueue, batchKey, eventIds) };
      } catch (error) {
        context.log.warn('domain events recorded but not dispatched yet: the catch-up will', { batchKey, eventIds: eventIds.length, error: String(error) });
        return { started: false };
      }
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
