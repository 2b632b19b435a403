import { Injectable } from '@nestjs/common';
import type { ApiKey } from '@partnerflow/db';
import { DomainError, ErrorCode } from '@partnerflow/domain';
import type { OperatorAction } from '../../audit/audit-entry';
import { ApiKeysRepository, LastAdminKeyError } from '../api-keys.repository';

/**
 * Revokes a key: from the next request on it gets 401. Idempotent (a revoked key is answered as
 * it is). The last active admin key cannot be revoked: issue another admin key first.
 */
@Injectable()
export class RevokeApiKeyUseCase {
  constructor(private readonly keys: ApiKeysRepository) {}

  async execute(keyId: string, action: OperatorAction): Promise<ApiKey> {
    try {
      const outcome = await this.keys.revoke(keyId, action);
      if (!outcome) throw new DomainError(ErrorCode.NOT_FOUND, `API key ${keyId} does not exist`);
      return outcome.key;
    } catch (error) {
      if (!(error instanceof LastAdminKeyError)) throw error;
      throw new DomainError(ErrorCode.CONFLICT, 'this is the last active admin key: create another admin key before revoking it');
    }
  }
}
