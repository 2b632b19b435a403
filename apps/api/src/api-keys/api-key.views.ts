import type { ApiKey } from '@partnerflow/db';
import type { z } from 'zod';
import type { apiKeySchema } from './api-keys.schemas';

/** What operators see of a key: never its hash. */
export function apiKeyView(key: ApiKey): z.infer<typeof apiKeySchema> {
  return {
    id: key.id,
    name: key.name,
    role: key.role,
    prefix: key.keyPrefix,
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
  };
}
