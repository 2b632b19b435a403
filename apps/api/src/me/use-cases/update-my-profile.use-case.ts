import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@partnerflow/domain';
import { MeRepository, type ProfileChanges } from '../me.repository';
import { profileView } from './get-my-profile.use-case';

/** The partner edits the fields that are its own to change (name, website, channels, notice language); audited. */
@Injectable()
export class UpdateMyProfileUseCase {
  constructor(private readonly me: MeRepository) {}

  async execute(partnerId: string, changes: ProfileChanges, requestId?: string) {
    const partner = await this.me.findPartner(partnerId);
    if (!partner) throw new DomainError(ErrorCode.NOT_FOUND, 'partner not found');
    return profileView(await this.me.updateProfile(partner, changes, requestId));
  }
}
