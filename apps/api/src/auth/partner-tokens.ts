import { randomBytes } from 'node:crypto';
import { hashApiKey } from '@partnerflow/db';
import { PARTNER_SESSION_TOKEN_PREFIX } from '../common/auth/partner-session.guard';

/** 256 random bits: not guessable, so the exchange needs no rate limit of its own. */
const newSecret = (prefix: string) => `${prefix}${randomBytes(32).toString('base64url')}`;

export const MAGIC_LINK_TOKEN_PREFIX = 'pml_';

export const newMagicLinkToken = () => newSecret(MAGIC_LINK_TOKEN_PREFIX);
export const newSessionToken = () => newSecret(PARTNER_SESSION_TOKEN_PREFIX);

/** Only this is stored: a leaked table yields no usable link or session (same hash as API keys). */
export const hashToken = (token: string) => hashApiKey(token);
