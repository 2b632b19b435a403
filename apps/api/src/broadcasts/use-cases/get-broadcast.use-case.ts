import { Injectable } from '@nestjs/common';
import type { Broadcast } from '@partnerflow/db';
import { DomainError, ErrorCode } from '@partnerflow/domain';
import { broadcastView, RECIPIENT_CSV_COLUMNS, recipientCsvRow, recipientCursor, recipientView } from '../broadcast.views';
import { BroadcastsRepository } from '../broadcasts.repository';
import type { RecipientsQuery } from '../broadcasts.schemas';

const CSV_PAGE = 1_000;

/**
 * A broadcast with its counts (delivered, read, acknowledged, reminded) and one page of its
 * recipient list — or the whole list as CSV, the record of exactly who was told what and when.
 */
@Injectable()
export class GetBroadcastUseCase {
  constructor(private readonly broadcasts: BroadcastsRepository) {}

  async execute(broadcastId: string, { recipients: filter, limit, cursor }: RecipientsQuery) {
    const broadcast = await this.find(broadcastId);
    const rows = await this.broadcasts.recipients(broadcastId, { filter, limit, cursor });
    const items = rows.slice(0, limit);
    return {
      ...broadcastView(broadcast, await this.broadcasts.counts(broadcastId)),
      recipients: { items: items.map(recipientView), nextCursor: rows.length > limit ? recipientCursor(items[items.length - 1]) : null },
    };
  }

  /** Every recipient row (filtered like the JSON list), streamed page by page. */
  async csv(broadcastId: string, filter: RecipientsQuery['recipients']): Promise<AsyncGenerator<string>> {
    await this.find(broadcastId);
    const broadcasts = this.broadcasts;
    return (async function* lines() {
      yield RECIPIENT_CSV_COLUMNS.join(',') + '\r\n';
      for (let cursor: string | undefined; ; ) {
        const rows = await broadcasts.recipients(broadcastId, { filter, limit: CSV_PAGE, cursor });
        for (const row of rows.slice(0, CSV_PAGE)) yield recipientCsvRow(row);
        if (rows.length <= CSV_PAGE) return;
        cursor = recipientCursor(rows[CSV_PAGE - 1]);
      }
    })();
  }

  private async find(broadcastId: string): Promise<Broadcast> {
    const broadcast = await this.broadcasts.findById(broadcastId);
    if (!broadcast) throw new DomainError(ErrorCode.NOT_FOUND, `broadcast ${broadcastId} does not exist`);
    return broadcast;
  }
}
