import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { apiKeyDisplayPrefix, hashApiKey, type ApiKey, type OperatorRole } from '@partnerflow/db';
import type { OperatorAction } from '../../audit/audit-entry';
import { ApiKeysRepository } from '../api-keys.repository';

/**
 * An admin issues a key for a role. The secret is in this answer only: the database keeps its
 * SHA-256 and the first characters (to tell keys apart in lists), so it cannot be shown again.
 */
@Injectable()
export class CreateApiKeyUseCase {
  constructor(private readonly keys: ApiKeysRepository) {}

  async execute(input: { name: string; role: OperatorRole }, action: OperatorAction): Promise<{ key: ApiKey; secret: string }> {
    // 24 random bytes; the `pf_` prefix is what log masking recognises as a credential.
    const secret = `pf_${randomBytes(24).toString('base64url')}`;
    const key = await this.keys.create({ ...input, keyHash: hashApiKey(secret), keyPrefix: apiKeyDisplayPrefix(secret) }, action);
    return { key, secret };
  }
}
