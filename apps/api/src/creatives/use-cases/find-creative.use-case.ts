import { Injectable } from '@nestjs/common';
import type { Creative } from '@partnerflow/db';
import { DomainError, ErrorCode } from '@partnerflow/domain';
import { CreativesRepository } from '../creatives.repository';

@Injectable()
export class FindCreativeUseCase {
  constructor(private readonly creatives: CreativesRepository) {}

  /** 404 when there is no such creative. */
  async execute(creativeId: string): Promise<Creative> {
    const creative = await this.creatives.findById(creativeId);
    if (!creative) throw new DomainError(ErrorCode.NOT_FOUND, `creative ${creativeId} does not exist`);
    return creative;
  }
}
