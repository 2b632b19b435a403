import { Injectable } from '@nestjs/common';
import { AuthRepository } from '../auth.repository';

/** Signs the partner out: the session's token stops working at once. */
@Injectable()
export class EndPartnerSessionUseCase {
  constructor(private readonly auth: AuthRepository) {}

  execute(sessionId: string, partnerId: string, requestId?: string): Promise<void> {
    return this.auth.revokeSession(sessionId, partnerId, requestId);
  }
}
