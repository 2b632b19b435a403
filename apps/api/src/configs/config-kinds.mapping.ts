import type { ConfigKind } from '@partnerflow/db';
import type { ConfigDocumentKind } from '@partnerflow/domain';

/** URLs say `commission-plan`; the database enum says `commission_plan`. */
export const toStoredKind = (kind: ConfigDocumentKind): ConfigKind => kind.replace('-', '_') as ConfigKind;
export const fromStoredKind = (kind: ConfigKind): ConfigDocumentKind => kind.replace('_', '-') as ConfigDocumentKind;
