import { Inject, Injectable } from '@nestjs/common';
import { Prisma, type Broadcast, type MessageTemplateVersion, type PrismaClient } from '@partnerflow/db';
import { newId } from '@partnerflow/domain';
import { PRISMA } from '../common/tokens';
import type { OperatorAction } from '../programs/programs.repository';

export type NewBroadcast = Omit<Prisma.BroadcastUncheckedCreateInput, 'id' | 'workflowId' | 'createdBy' | 'status'>;

export interface BroadcastCounts {
  partners: number;
  /** Partners with a row that was not cancelled: those it went, or still goes, to. */
  addressed: number;
  queued: number;
  sent: number;
  failed: number;
  cancelled: number;
  read: number;
  acknowledged: number;
  reminded: number;
}

export interface RecipientRow {
  partnerId: string;
  partnerName: string;
  channel: 'email' | 'inbox';
  recipient: string;
  status: 'queued' | 'sent' | 'failed' | 'cancelled';
  messageId: string | null;
  sentAt: Date | null;
  readAt: Date | null;
  acknowledgedAt: Date | null;
  remindersSent: number;
  error: string | null;
}

export type RecipientFilter = 'all' | 'not_read' | 'not_acknowledged';

/** A partner has read it: acknowledged, marked read here, or read the message in the inbox. */
const PARTNER_READ = Prisma.sql`EXISTS (SELECT 1 FROM broadcast_recipients o LEFT JOIN messages om ON om.id = o.message_id
  WHERE o.broadcast_id = r.broadcast_id AND o.partner_id = r.partner_id
    AND (o.acknowledged_at IS NOT NULL OR o.read_at IS NOT NULL OR om.read_at IS NOT NULL OR om.status = 'read'))`;
const PARTNER_ACKNOWLEDGED = Prisma.sql`EXISTS (SELECT 1 FROM broadcast_recipients o
  WHERE o.broadcast_id = r.broadcast_id AND o.partner_id = r.partner_id AND o.acknowledged_at IS NOT NULL)`;

/** The only path to Prisma for broadcasts and their recipient lists. */
@Injectable()
export class BroadcastsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  findById(id: string): Promise<Broadcast | null> {
    return this.prisma.broadcast.findUnique({ where: { id } });
  }

  findByIdempotencyKey(programId: string, idempotencyKey: string): Promise<Broadcast | null> {
    return this.prisma.broadcast.findUnique({ where: { programId_idempotencyKey: { programId, idempotencyKey } } });
  }

  /** Newest first. */
  list(programId: string, limit: number, cursor?: string): Promise<Broadcast[]> {
    return this.prisma.broadcast.findMany({ where: { programId, ...(cursor ? { id: { lt: cursor } } : {}) }, orderBy: { id: 'desc' }, take: limit + 1 });
  }

  /** A saved template version: the given one, else the latest. */
  async templateVersion(programId: string, key: string, locale: string, version?: number): Promise<MessageTemplateVersion | null> {
    const template = await this.prisma.messageTemplate.findUnique({ where: { programId_key_locale: { programId, key, locale } } });
    if (!template) return null;
    return this.prisma.messageTemplateVersion.findFirst({
      where: { templateId: template.id, ...(version === undefined ? {} : { version }) },
      orderBy: { version: 'desc' },
    });
  }

  /** A concurrent create with the same Idempotency-Key loses the unique key and gets null. */
  async create(broadcast: NewBroadcast, id: string, workflowId: string, action: OperatorAction): Promise<Broadcast | null> {
    try {
      return await this.prisma.broadcast.create({ data: { ...broadcast, id, workflowId, createdBy: action.operatorKeyId } });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return null;
      throw error;
    }
  }

  /** Its workflow could not be started: it never existed (nothing was sent or resolved). */
  async discard(id: string): Promise<void> {
    await this.prisma.broadcast.deleteMany({ where: { id, resolvedAt: null } });
  }

  async audit(action: OperatorAction, broadcast: Broadcast, name: string, after: Prisma.InputJsonObject): Promise<void> {
    await this.prisma.auditEntry.createMany({
      data: [{ id: newId('audit'), actorType: 'operator', actorId: action.operatorKeyId, action: name, targetType: 'broadcast', targetId: broadcast.id, after, requestId: action.requestId }],
    });
  }

  async counts(broadcastId: string): Promise<BroadcastCounts> {
    const [row] = await this.prisma.$queryRaw<BroadcastCounts[]>`
      SELECT count(DISTINCT r.partner_id)::int AS partners,
        count(DISTINCT r.partner_id) FILTER (WHERE r.status <> 'cancelled')::int AS addressed,
        count(*) FILTER (WHERE r.status = 'queued')::int AS queued,
        count(*) FILTER (WHERE r.status = 'sent')::int AS sent,
        count(*) FILTER (WHERE r.status = 'failed')::int AS failed,
        count(*) FILTER (WHERE r.status = 'cancelled')::int AS cancelled,
        count(DISTINCT r.partner_id) FILTER (WHERE r.acknowledged_at IS NOT NULL OR r.read_at IS NOT NULL OR m.read_at IS NOT NULL OR m.status = 'read')::int AS read,
        count(DISTINCT r.partner_id) FILTER (WHERE r.acknowledged_at IS NOT NULL)::int AS acknowledged,
        count(DISTINCT r.partner_id) FILTER (WHERE r.reminders_sent > 0)::int AS reminded
      FROM broadcast_recipients r LEFT JOIN messages m ON m.id = r.message_id
      WHERE r.broadcast_id = ${broadcastId}`;
    return row;
  }

  /** By partner, then channel, after the cursor (`<partnerId>:<channel>`), one more than asked. */
  recipients(broadcastId: string, { filter, limit, cursor }: { filter: RecipientFilter; limit: number; cursor?: string }): Promise<RecipientRow[]> {
    const [afterPartner, afterChannel] = cursor ? [cursor.slice(0, cursor.lastIndexOf(':')), cursor.slice(cursor.lastIndexOf(':') + 1)] : ['', ''];
    // (a row a cancellation stopped was never sent: nothing to read or acknowledge)
    const filtered =
      filter === 'not_read'
        ? Prisma.sql`AND r.status <> 'cancelled' AND NOT ${PARTNER_READ}`
        : filter === 'not_acknowledged'
          ? Prisma.sql`AND r.status <> 'cancelled' AND NOT ${PARTNER_ACKNOWLEDGED}`
          : Prisma.empty;
    return this.prisma.$queryRaw<RecipientRow[]>`
      SELECT r.partner_id AS "partnerId", p.name AS "partnerName", r.channel::text AS channel,
        coalesce(m.recipient, CASE WHEN r.channel = 'email' THEN p.email ELSE p.id END) AS recipient, r.status::text AS status,
        r.message_id AS "messageId", r.sent_at AS "sentAt", coalesce(r.read_at, m.read_at) AS "readAt", r.acknowledged_at AS "acknowledgedAt",
        r.reminders_sent AS "remindersSent", r.error
      FROM broadcast_recipients r JOIN partners p ON p.id = r.partner_id LEFT JOIN messages m ON m.id = r.message_id
      WHERE r.broadcast_id = ${broadcastId} AND (r.partner_id, r.channel::text) > (${afterPartner}, ${afterChannel}) ${filtered}
      ORDER BY r.partner_id, r.channel::text
      LIMIT ${limit + 1}`;
  }

  /**
   * The partner acknowledges (and so has read) the notice, on every channel it went to; the first
   * acknowledgement's time is kept, and written once to the audit log.
   */
  acknowledge(broadcastId: string, partnerId: string): Promise<Date | null> {
    return this.prisma.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ acknowledgedAt: Date }[]>`
        UPDATE broadcast_recipients SET acknowledged_at = coalesce(acknowledged_at, now()), read_at = coalesce(read_at, now())
        WHERE broadcast_id = ${broadcastId} AND partner_id = ${partnerId} AND status = 'sent'
        RETURNING acknowledged_at AS "acknowledgedAt"`;
      if (rows.length === 0) return null;
      const first = rows.map((row) => row.acknowledgedAt).sort((a, b) => a.getTime() - b.getTime())[0];
      await tx.auditEntry.createMany({
        data: [{
          id: newId('audit'),
          actorType: 'partner',
          actorId: partnerId,
          action: 'broadcast.acknowledged',
          targetType: 'broadcast',
          targetId: broadcastId,
          after: { acknowledgedAt: first.toISOString() },
          idempotencyKey: `broadcast.acknowledged:${broadcastId}:${partnerId}`,
        }],
        skipDuplicates: true,
      });
      return first;
    });
  }
}
