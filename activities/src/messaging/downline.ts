import type { PrismaClient } from '@partnerflow/db';
import { MAX_HIERARCHY_DEPTH } from '@partnerflow/domain';

type Queryable = Pick<PrismaClient, '$queryRaw'>;

export interface DownlineMember {
  partnerId: string;
  parentPartnerId: string;
  /** 1 for a direct sub-IB. */
  depth: number;
}

/**
 * The partners below `rootId` in the IB hierarchy, level by level, down to `maxDepth` (the
 * hierarchy's limit when absent). Shared by the api (hierarchy messages) and the notification
 * rules (a deal change at the master level reaches its sub-IBs).
 */
export async function downlineOf(db: Queryable, rootId: string, maxDepth: number = MAX_HIERARCHY_DEPTH): Promise<DownlineMember[]> {
  const rows = await db.$queryRaw<{ id: string; parent_partner_id: string; depth: number }[]>`
    WITH RECURSIVE downline AS (
      SELECT id, parent_partner_id, 1 AS depth FROM partners WHERE parent_partner_id = ${rootId}
      UNION ALL
      SELECT p.id, p.parent_partner_id, d.depth + 1 FROM partners p JOIN downline d ON p.parent_partner_id = d.id
      WHERE d.depth < ${Math.min(maxDepth, MAX_HIERARCHY_DEPTH)}::int
    )
    SELECT id, parent_partner_id, depth::int AS depth FROM downline ORDER BY depth, id`;
  return rows.map((row) => ({ partnerId: row.id, parentPartnerId: row.parent_partner_id, depth: row.depth }));
}

/** The chain above `partnerId`, nearest first (its parent, the parent's parent, …). */
export async function uplineOf(db: Queryable, partnerId: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    WITH RECURSIVE upline AS (
      SELECT parent_partner_id AS id, 1 AS depth FROM partners WHERE id = ${partnerId} AND parent_partner_id IS NOT NULL
      UNION ALL
      SELECT p.parent_partner_id, u.depth + 1 FROM partners p JOIN upline u ON p.id = u.id
      WHERE p.parent_partner_id IS NOT NULL AND u.depth <= ${MAX_HIERARCHY_DEPTH}::int
    )
    SELECT id FROM upline ORDER BY depth`;
  return rows.map((row) => row.id);
}
