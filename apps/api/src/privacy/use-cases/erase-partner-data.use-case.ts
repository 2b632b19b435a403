import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@partnerflow/domain';
import { ERASED_FIELDS } from '../partner-erasure';
import { PrivacyRepository } from '../privacy.repository';

/** Stages after which the partner takes no further part: its data can go without breaking a running process. */
const ERASABLE_STAGES = ['TERMINATED', 'REJECTED'];

/**
 * Erases a partner's personal data (GDPR art. 17 / CCPA deletion): idempotent, audited, and only
 * once the partner is out of the program — a partner still in it is terminated first, so its
 * workflows stop writing to an address that no longer exists.
 */
@Injectable()
export class ErasePartnerDataUseCase {
  constructor(private readonly privacy: PrivacyRepository) {}

  async execute(partnerId: string, operatorKeyId: string, requestId?: string) {
    const partner = await this.privacy.findPartner(partnerId);
    if (!partner) throw new DomainError(ErrorCode.NOT_FOUND, `partner ${partnerId} does not exist`);
    if (!ERASABLE_STAGES.includes(partner.stage)) {
      throw new DomainError(
        ErrorCode.CONFLICT,
        `partner ${partnerId} is ${partner.stage}: terminate it first (POST /v1/partners/${partnerId}/terminate), then erase its data`,
      );
    }
    const outcome = await this.privacy.erase({ partnerId, operatorKeyId, requestId });
    return { partnerId, erased: true as const, alreadyErased: outcome.alreadyErased, erasedAt: outcome.erasedAt.toISOString(), fields: ERASED_FIELDS };
  }
}
