import { createHash, hash as sha } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Env } from '@partnerflow/domain';
import { ENV } from '../common/tokens';

/** SHA-256's block size: HMAC pads (or first hashes) its key to this length. */
const BLOCK_BYTES = 64;

/**
 * Clicks keep a keyed SHA-256 (HMAC) of the visitor's IP, never the IP: enough to spot repeats
 * and abuse within one deployment, useless elsewhere. The key is CLICK_IP_SALT, or when unset one
 * derived from DATABASE_URL (secret per deployment, but it changes with the database password).
 *
 * HMAC-SHA256 exactly (RFC 2104), computed as two one-shot hashes over pads prepared once: every
 * redirect hashes an IP, and createHmac's per-call key setup and native object cost about 10% of
 * the redirect's CPU in the benchmark's profile (README, Benchmarks).
 */
@Injectable()
export class VisitorIpHasher {
  private readonly innerPad: Buffer;
  private readonly outerPad: Buffer;

  constructor(@Inject(ENV) env: Pick<Env, 'CLICK_IP_SALT' | 'DATABASE_URL'>) {
    const salt = env.CLICK_IP_SALT ?? createHash('sha256').update(`partnerflow:click-ip:${env.DATABASE_URL}`).digest('hex');
    [this.innerPad, this.outerPad] = hmacPads(Buffer.from(salt));
  }

  hash(ip: string | undefined): string | null {
    if (!ip) return null;
    // The same visitor over an IPv4 socket or a dual-stack one ("::ffff:1.2.3.4") hashes alike.
    const normalized = ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip.toLowerCase();
    const inner = sha('sha256', Buffer.concat([this.innerPad, Buffer.from(normalized)]), 'buffer');
    return sha('sha256', Buffer.concat([this.outerPad, inner]), 'hex');
  }
}

/** HMAC's key XOR 0x36 and XOR 0x5c, the key first hashed when longer than a block. */
function hmacPads(key: Buffer): [inner: Buffer, outer: Buffer] {
  const block = Buffer.alloc(BLOCK_BYTES);
  (key.length > BLOCK_BYTES ? createHash('sha256').update(key).digest() : key).copy(block);
  return [Buffer.from(block.map((byte) => byte ^ 0x36)), Buffer.from(block.map((byte) => byte ^ 0x5c))];
}
