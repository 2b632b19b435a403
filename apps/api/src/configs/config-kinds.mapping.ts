export { fromStoredKind, toStoredKind } from '@partnerflow/db';
