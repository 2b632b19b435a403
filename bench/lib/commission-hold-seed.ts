import type { Pool } from 'pg';
import { DEFAULT_COMMISSION_PLAN, DEFAULT_HOLD_CONFIG, newId } from '@partnerflow/domain';

/**
 * Data for bench/commission-hold.bench.ts, written in bulk with plain SQL: a program with the
 * default plan (10% of sales) and hold (30 days for sales), partners, and 100.00 EUR sales fully
 * credited to them — as the api stores conversions, before any commission exists.
 */

export async function seedProgram(pool: Pool): Promise<string> {
  const programId = newId('program');
  await pool.query(`INSERT INTO programs (id, slug, name) VALUES ($1, $1, 'Hold bench')`, [programId]);
  for (const [kind, document] of [['commission_plan', DEFAULT_COMMISSION_PLAN], ['hold', DEFAULT_HOLD_CONFIG]] as const) {
    await pool.query(`INSERT INTO config_versions (id, program_id, kind, version, document, created_by) VALUES ($1, $2, $3, 1, $4, 'bench')`, [
      newId('config'), programId, kind, JSON.stringify(document),
    ]);
  }
  return programId;
}

export async function seedPartners(pool: Pool, programId: string, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => newId('partner'));
  await pool.query(
    `INSERT INTO partners (id, program_id, email, name, country, audience_size, type, stage, workflow_id, updated_at)
     SELECT id, $2, id || '@bench.test', 'Bench', 'DE', 1000, 'content', 'ACTIVE', 'partner-' || id, now() FROM unnest($1::text[]) AS id`,
    [ids, programId],
  );
  return ids;
}

export interface Sale {
  conversionId: string;
  partnerId: string;
}

/**
 * `perPartner` sales for each partner, their occurrence times spread over `groups` distinct
 * minutes from `start` (so their holds end at `groups` distinct moments 30 days later).
 */
export async function seedSales(pool: Pool, programId: string, partnerIds: string[], perPartner: number, { start, groups }: { start: Date; groups: number }): Promise<Sale[]> {
  const sales: Sale[] = [];
  const occurredAt: Date[] = [];
  const total = partnerIds.length * perPartner;
  for (const partnerId of partnerIds) {
    for (let n = 0; n < perPartner; n += 1) {
      const index = sales.length;
      sales.push({ conversionId: newId('conversion'), partnerId });
      occurredAt.push(new Date(start.getTime() + Math.floor((index * groups) / total) * 60_000));
    }
  }
  for (let from = 0; from < sales.length; from += 5_000) {
    const batch = sales.slice(from, from + 5_000);
    const ids = batch.map((sale) => sale.conversionId);
    const partners = batch.map((sale) => sale.partnerId);
    await pool.query(
      `INSERT INTO conversions (id, program_id, type, external_id, source, occurred_at, amount_minor, currency, partner_id, attribution_outcome, attribution, commission_status)
       SELECT id, $3, 'sale', id, 'event', at, 10000, 'EUR', partner, 'attributed', '{}', 'processed'
       FROM unnest($1::text[], $2::text[], $4::timestamptz[]) AS s(id, partner, at)`,
      [ids, partners, programId, occurredAt.slice(from, from + 5_000)],
    );
    await pool.query(
      `INSERT INTO conversion_shares (conversion_id, touch_id, touch_kind, partner_id, share_ppm, amount_minor)
       SELECT id, 'clk_' || id, 'click', partner, 1000000, 10000 FROM unnest($1::text[], $2::text[]) AS s(id, partner)`,
      [ids, partners],
    );
  }
  return sales;
}

/** Peak and current memory of this process (worker, client and activities all live here). */
export class MemorySampler {
  peakRss = 0;
  peakHeap = 0;
  private readonly timer = setInterval(() => this.sample(), 200);

  sample(): { rss: number; heapUsed: number } {
    const { rss, heapUsed } = process.memoryUsage();
    this.peakRss = Math.max(this.peakRss, rss);
    this.peakHeap = Math.max(this.peakHeap, heapUsed);
    return { rss, heapUsed };
  }

  reset(): void {
    this.peakRss = 0;
    this.peakHeap = 0;
    this.sample();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

export const mb = (bytes: number): string => `${(bytes / 1_048_576).toFixed(0)} MB`;
