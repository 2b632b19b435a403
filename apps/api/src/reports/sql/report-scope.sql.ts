import { Prisma } from '@partnerflow/db';
import type { ReportGrouping } from '@partnerflow/domain';

/** What every report query is bounded by: the program, the range [from, to), the grouping and the program currency. */
export interface ReportScope {
  programId: string;
  from: Date;
  to: Date;
  grouping: ReportGrouping;
  currency: string;
  /** The instant "so far" means: the earlier of `to` and now. */
  asOf: Date;
}

/** Conversion types that carry revenue, and those that take it back. Constants, inlined. */
export const REVENUE_TYPES = Prisma.raw(`('sale', 'deposit', 'renewal', 'trade')`);
export const REVERSAL_TYPES = Prisma.raw(`('refund', 'chargeback')`);

/**
 * A row's group as text: the UTC day, week (its Monday) or month of `at`, or the partner's id,
 * type or country — the partner is joined as `p`. Every report query groups on this one expression
 * inside a subquery, so the grouping is written once and totals come from GROUPING SETS.
 */
export function groupKey(grouping: ReportGrouping, at: Prisma.Sql): Prisma.Sql {
  switch (grouping) {
    case 'day':
      return Prisma.sql`to_char(${at} AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;
    case 'week':
      return Prisma.sql`to_char(date_trunc('week', ${at} AT TIME ZONE 'UTC'), 'YYYY-MM-DD')`;
    case 'month':
      return Prisma.sql`to_char(${at} AT TIME ZONE 'UTC', 'YYYY-MM')`;
    case 'partner':
      return Prisma.sql`p.id`;
    case 'partner_type':
      return Prisma.sql`p.type::text`;
    case 'country':
      return Prisma.sql`p.country::text`;
  }
}

/**
 * Partner-sourced revenue events, each dated when it occurred: every credited partner's share of a
 * sale, deposit, renewal or trade, and of a refund or chargeback of one (negative), in the program
 * currency. Columns: conversion_id, is_revenue, at, partner_id, amount.
 */
export function revenueEvents(scope: ReportScope): Prisma.Sql {
  return Prisma.sql`
    SELECT v.id AS conversion_id, v.type IN ${REVENUE_TYPES} AS is_revenue, v.occurred_at AS at, s.partner_id, s.amount_minor AS amount
    FROM conversions v
    JOIN conversion_shares s ON s.conversion_id = v.id
    LEFT JOIN conversions o ON o.id = v.refers_to_id
    WHERE v.program_id = ${scope.programId} AND v.currency = ${scope.currency} AND s.amount_minor IS NOT NULL
      AND v.occurred_at >= ${scope.from} AND v.occurred_at < ${scope.to}
      AND (v.type IN ${REVENUE_TYPES} OR (v.type IN ${REVERSAL_TYPES} AND o.type IN ${REVENUE_TYPES}))`;
}

/**
 * Referrals before `to` (and from `since`, when given): conversions (not reversals) the attribution
 * model credited, one row per credited partner (a partner with two touches of one conversion once).
 * Columns: conversion_id, at, partner_id.
 */
export function referrals(scope: ReportScope, since?: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT DISTINCT v.id AS conversion_id, v.occurred_at AS at, s.partner_id
    FROM conversions v
    JOIN conversion_shares s ON s.conversion_id = v.id
    WHERE v.program_id = ${scope.programId} AND v.attribution_outcome = 'attributed'
      AND v.type NOT IN ${REVERSAL_TYPES} AND v.occurred_at < ${scope.to}
      ${since ? Prisma.sql`AND v.occurred_at >= ${since}` : Prisma.empty}`;
}

/** When each partner of the program was approved: its first recorded move to ACTIVE (audit log). Columns: partner_id, approved_at. */
export function approvals(scope: ReportScope): Prisma.Sql {
  return Prisma.sql`
    SELECT p.id AS partner_id, min(a.at) AS approved_at
    FROM partners p
    JOIN audit_log a ON a.target_type = 'partner' AND a.target_id = p.id
      AND a.action = 'partner.stage_changed' AND a.after->>'stage' = 'ACTIVE'
    WHERE p.program_id = ${scope.programId}
    GROUP BY p.id`;
}

/** A customer's identity for distinct counts: the merchant's customer id, else the conversion itself. */
export const customerKey = (conversionAlias: 'v' | 'o') =>
  Prisma.raw(`coalesce('customer:' || ${conversionAlias}.customer_id, 'conversion:' || ${conversionAlias}.id)`);
