import type { ConfigVersion } from '@partnerflow/db';
import type { z } from 'zod';
import { fromStoredKind } from './config-kinds.mapping';
import type { configVersionSchema } from './configs.schemas';

export function configVersionView(row: ConfigVersion): z.infer<typeof configVersionSchema> {
  return {
    id: row.id,
    programId: row.programId,
    kind: fromStoredKind(row.kind),
    version: row.version,
    document: row.document as Record<string, unknown>,
    applyTo: row.applyTo,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}
