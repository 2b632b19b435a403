import { createHash, createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Env } from '@partnerflow/domain';
import { ENV } from '../common/tokens';

/**
 * Clicks keep a keyed SHA-256 (HMAC) of the visitor's IP, never the IP: enough to spot repeats
 * and abuse within one deployment, useless elsewhere. The key is CLICK_IP_SALT, or when unset one
 * derived from DATABASE_URL (secret per deployment, but it changes with the database password).
 */
@Injectable()
export class VisitorIpHasher {
  private readonly salt: string;

  constructor(@Inject(ENV) env: Pick<Env, 'CLICK_IP_SALT' | 'DATABASE_URL'>) {
    this.salt = env.CLICK_IP_SALT ?? createHash('sha256').update(`partnerflow:click-ip:${env.DATABASE_URL}`).digest('hex');
  }

  hash(ip: string | undefined): string | null {
    if (!ip) return null;
    // The same visitor over an IPv4 socket or a dual-stack one ("::ffff:1.2.3.4") hashes alike.
    const normalized = ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip.toLowerCase();
    return createHmac('sha256', this.salt).update(normalized).digest('hex');
  }
}
