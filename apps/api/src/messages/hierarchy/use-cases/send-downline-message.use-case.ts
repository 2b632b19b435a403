import { Injectable } from '@nestjs/common';
import { newId, type DownlineMessageRequest } from '@partnerflow/domain';
import { HierarchyFanOut } from '../hierarchy-fan-out';
import { HierarchyRepository } from '../hierarchy.repository';

/** A master IB writes to its downline (all levels, or down to `depth`); each sub-IB can answer it alone. */
@Injectable()
export class SendDownlineMessageUseCase {
  constructor(
    private readonly hierarchy: HierarchyRepository,
    private readonly fanOut: HierarchyFanOut,
  ) {}

  async execute(partnerId: string, request: DownlineMessageRequest, idempotencyKey?: string) {
    const members = await this.hierarchy.downline(partnerId, request.depth);
    const partners = new Map((await this.hierarchy.findPartners(members.map((member) => member.partnerId))).map((partner) => [partner.id, partner]));
    const targets = members.map((member) => ({ partner: partners.get(member.partnerId)!, depth: member.depth }));
    return this.fanOut.send(targets, request, { type: 'partner', id: partnerId }, `downline:${partnerId}:${idempotencyKey ?? newId('message')}`);
  }
}
