import { Injectable } from '@nestjs/common';
import type { Partner } from '@partnerflow/db';
import { DomainError, ErrorCode } from '@partnerflow/domain';
import type { z } from 'zod';
import { partnerView } from '../../partners/partner.views';
import { profileSchema } from '../me.schemas';
import { MeRepository } from '../me.repository';

export function profileView(partner: Partner): z.infer<typeof profileSchema> {
  return profileSchema.parse(partnerView(partner));
}

/** The signed-in partner's own profile. */
@Injectable()
export class GetMyProfileUseCase {
  constructor(private readonly me: MeRepository) {}

  async execute(partnerId: string) {
    const partner = await this.me.findPartner(partnerId);
    if (!partner) throw new DomainError(ErrorCode.NOT_FOUND, 'partner not found');
    return profileView(partner);
  }
}
