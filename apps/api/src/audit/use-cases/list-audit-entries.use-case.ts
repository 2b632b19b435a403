import { Injectable } from '@nestjs/common';
import type { AuditEntry } from '@partnerflow/db';
import { DomainError, ErrorCode } from '@partnerflow/domain';
import { AuditRepository, type AuditFilter } from '../audit.repository';
import type { AuditQuery } from '../audit.schemas';
import { auditEntryView } from '../audit.views';

/** Rows fetched per query while exporting CSV: the export streams, so memory stays flat. */
const EXPORT_BATCH = 1000;

/** Reads the append-only audit log, filtered by target, actor, action and time. */
@Injectable()
export class ListAuditEntriesUseCase {
  constructor(private readonly audit: AuditRepository) {}

  async page(query: AuditQuery) {
    const rows = await this.audit.list(toFilter(query), query.limit, query.cursor);
    const items = rows.slice(0, query.limit);
    return { items: items.map(auditEntryView), nextCursor: rows.length > query.limit ? items[items.length - 1].id : null };
  }

  /** Every matching entry from the cursor on, batch by batch, for the CSV export. */
  async *all(query: AuditQuery): AsyncGenerator<AuditEntry> {
    const filter = toFilter(query);
    let cursor = query.cursor;
    for (;;) {
      const rows = await this.audit.list(filter, EXPORT_BATCH, cursor);
      yield* rows.slice(0, EXPORT_BATCH);
      if (rows.length <= EXPORT_BATCH) return;
      cursor = rows[EXPORT_BATCH - 1].id;
    }
  }
}

function toFilter(query: AuditQuery): AuditFilter {
  const from = query.from ? new Date(query.from) : undefined;
  const to = query.to ? new Date(query.to) : undefined;
  if (from && to && from >= to) throw new DomainError(ErrorCode.VALIDATION_FAILED, 'the request is invalid', [{ path: 'from', message: 'must be before to' }]);
  const typed = query.target ? /^([a-z_]+):(.+)$/.exec(query.target) : null;
  const prefix = query.action?.endsWith('*') ? query.action.slice(0, -1) : undefined;
  return {
    targetType: typed?.[1],
    targetId: typed ? typed[2] : query.target,
    actorId: query.actor,
    action: prefix === undefined ? query.action : undefined,
    actionPrefix: prefix,
    from,
    to,
  };
}
