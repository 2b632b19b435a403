import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, MAX_HIERARCHY_DEPTH } from '@partnerflow/domain';
import type { OperatorAction } from '../../../programs/programs.repository';
import { HierarchyCycleError, HierarchyRepository, HierarchyTooDeepError } from '../hierarchy.repository';
import { GetHierarchyUseCase } from './get-hierarchy.use-case';

/** An operator places a partner under a master IB (or detaches it); its downline moves with it. */
@Injectable()
export class SetPartnerParentUseCase {
  constructor(
    private readonly hierarchy: HierarchyRepository,
    private readonly getHierarchy: GetHierarchyUseCase,
  ) {}

  async execute(partnerId: string, parentId: string | null, action: OperatorAction) {
    const partner = await this.hierarchy.findPartner(partnerId);
    if (!partner) throw new DomainError(ErrorCode.NOT_FOUND, `partner ${partnerId} does not exist`);
    if (parentId !== null) {
      const parent = await this.hierarchy.findPartner(parentId);
      if (!parent || parent.programId !== partner.programId) {
        throw new DomainError(ErrorCode.RULE_VIOLATION, `the parent is not a partner of ${partnerId}'s program`, [{ path: 'parentPartnerId', message: `no partner ${parentId} in this program` }]);
      }
    }
    try {
      await this.hierarchy.setParent(partner, parentId, action);
    } catch (error) {
      if (error instanceof HierarchyCycleError) {
        throw new DomainError(ErrorCode.CONFLICT, `${parentId} is ${parentId === partnerId ? 'the partner itself' : `below ${partnerId} in the hierarchy`}: the hierarchy would become a cycle`, [
          { path: 'parentPartnerId', message: 'would make a cycle' },
        ]);
      }
      if (error instanceof HierarchyTooDeepError) {
        throw new DomainError(ErrorCode.RULE_VIOLATION, `the hierarchy would be deeper than ${MAX_HIERARCHY_DEPTH} levels`, [{ path: 'parentPartnerId', message: 'too deep' }]);
      }
      throw error;
    }
    return this.getHierarchy.execute(partnerId, 1);
  }
}
