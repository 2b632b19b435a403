import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@partnerflow/domain';
import { BroadcastsRepository } from '../broadcasts.repository';

/**
 * A partner acknowledges a compliance notice they received (the partner's own route, with their
 * session): the time is kept on every channel it went to and written to the audit log once; a
 * repeat answers the first time. Reminders stop for them.
 */
@Injectable()
export class AcknowledgeBroadcastUseCase {
  constructor(private readonly broadcasts: BroadcastsRepository) {}

  async execute(broadcastId: string, partner: { partnerId: string; programId: string }) {
    const broadcast = await this.broadcasts.findById(broadcastId);
    // Another program's broadcast is as unknown to this partner as a missing one.
    if (!broadcast || broadcast.programId !== partner.programId) throw new DomainError(ErrorCode.NOT_FOUND, `broadcast ${broadcastId} does not exist`);
    if (!broadcast.requireAck) throw new DomainError(ErrorCode.RULE_VIOLATION, `broadcast ${broadcastId} does not ask for an acknowledgement`);
    const acknowledgedAt = await this.broadcasts.acknowledge(broadcastId, partner.partnerId);
    if (!acknowledgedAt) throw new DomainError(ErrorCode.NOT_FOUND, `broadcast ${broadcastId} was not delivered to you`);
    return { broadcastId, partnerId: partner.partnerId, acknowledgedAt: acknowledgedAt.toISOString() };
  }
}
