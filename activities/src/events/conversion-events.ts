import { Prisma, type Conversion, type ConversionShare } from '@partnerflow/db';
import { domainEventKey, formatAmount, newId, type DomainEventInput } from '@partnerflow/domain';

type NewConversion = Omit<Conversion, 'receivedAt'>;
type NewShare = Omit<ConversionShare, 'conversionId'>;

/** conversion.created, for every stored conversion (credited or not, refunds included: `refersTo` says). */
export function conversionCreatedEvent(conversion: NewConversion, shares: NewShare[]): DomainEventInput {
  const money = (minor: bigint | null) => (minor === null || !conversion.currency ? null : { amount: formatAmount(minor, conversion.currency), currency: conversion.currency });
  return {
    name: 'conversion.created',
    programId: conversion.programId,
    ...(conversion.partnerId ? { partnerId: conversion.partnerId } : {}),
    subject: { type: 'conversion', id: conversion.id },
    data: {
      conversionId: conversion.id,
      type: conversion.type,
      externalId: conversion.externalId,
      occurredAt: conversion.occurredAt.toISOString(),
      amount: money(conversion.amountMinor),
      refersTo: conversion.refersToId,
      attribution: conversion.attributionOutcome,
      flagged: conversion.flagged,
      shares: shares.map((share) => ({ partnerId: share.partnerId, sharePpm: share.sharePpm, amount: money(share.amountMinor) })),
    },
    occurredAt: conversion.occurredAt,
    idempotencyKey: domainEventKey('conversion.created', conversion.id),
  };
}

/**
 * For a producer that writes in one SQL statement (the conversion insert): the outbox row as a
 * data-modifying CTE fed by `source` — it inserts only when `source` returned a row, so the event
 * exists exactly when the state change does. Answers the event's id with the SQL.
 */
export function domainEventCte(name: string, source: string, event: DomainEventInput): { id: string; sql: Prisma.Sql } {
  const id = newId('domainEvent');
  return {
    id,
    sql: Prisma.sql`, ${Prisma.raw(name)} AS (
      INSERT INTO domain_events (id, name, program_id, partner_id, subject_type, subject_id, data, occurred_at, idempotency_key)
      SELECT ${id}, ${event.name}, ${event.programId}, ${event.partnerId ?? null}, ${event.subject?.type ?? null}, ${event.subject?.id ?? null},
        ${JSON.stringify(event.data ?? {})}::jsonb, ${(event.occurredAt ?? new Date()).toISOString()}::timestamptz, ${event.idempotencyKey}
      FROM ${Prisma.raw(source)}
      ON CONFLICT (idempotency_key) DO NOTHING
    )`,
  };
}
