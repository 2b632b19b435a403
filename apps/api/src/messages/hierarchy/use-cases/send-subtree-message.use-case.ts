import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, newId, type SubtreeMessageRequest } from '@partnerflow/domain';
import type { OperatorAction } from '../../../programs/programs.repository';
import { GetProgramUseCase } from '../../../programs/use-cases/get-program.use-case';
import { HierarchyFanOut, type FanOutTarget } from '../hierarchy-fan-out';
import { HierarchyRepository } from '../hierarchy.repository';

/** An operator writes to a subtree of the IB hierarchy, or to one tier of it. */
@Injectable()
export class SendSubtreeMessageUseCase {
  constructor(
    private readonly getProgram: GetProgramUseCase,
    private readonly hierarchy: HierarchyRepository,
    private readonly fanOut: HierarchyFanOut,
  ) {}

  async execute(programRef: string, rootId: string, request: SubtreeMessageRequest, operator: OperatorAction, idempotencyKey?: string) {
    const program = await this.getProgram.execute(programRef);
    const root = await this.hierarchy.findPartner(rootId);
    if (!root || root.programId !== program.id) throw new DomainError(ErrorCode.NOT_FOUND, `program ${programRef} has no partner ${rootId}`);
    const members = (await this.hierarchy.downline(root.id, request.tier ?? request.depth)).filter((member) => request.tier === undefined || member.depth === request.tier);
    const partners = new Map((await this.hierarchy.findPartners(members.map((member) => member.partnerId))).map((partner) => [partner.id, partner]));
    const targets: FanOutTarget[] = [
      ...(request.includeRoot ? [{ partner: root, depth: 0 }] : []),
      ...members.map((member) => ({ partner: partners.get(member.partnerId)!, depth: member.depth })),
    ];
    const keyBase = `subtree:${root.id}:${idempotencyKey ?? newId('message')}`;
    return this.fanOut.send(targets, request, { type: 'operator', id: operator.operatorKeyId }, keyBase);
  }
}
