import type { ConfigDocumentKind } from '@partnerflow/domain';
import type { ConfigKind } from './generated/client/client';

/** URLs and documents say `commission-plan`; the database enum says `commission_plan`. */
export const toStoredKind = (kind: ConfigDocumentKind): ConfigKind => kind.replace('-', '_') as ConfigKind;
export const fromStoredKind = (kind: ConfigKind): ConfigDocumentKind => kind.replace('_', '-') as ConfigDocumentKind;
