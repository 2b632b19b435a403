import type { Pool } from 'pg';
import { newId, type PayoutPolicyInput } from '@partnerflow/domain';

/**
 * Data for bench/payout-run.bench.ts, written in bulk with plain SQL: a program with a payout
 * policy that approves everything by itself (the approval step is a person, not a cost), and
 * partners ready to be paid — a W-8BEN on file, a Stripe payout method set long ago, and
 * `perPartner` approved commissions each, as the hold workflow leaves them in the ledger.
 */

export const BENCH_POLICY: PayoutPolicyInput = {
  currency: 'EUR',
  methods: { stripe: { provider: 'stripe', minimum: '1.00' } },
  approval: { autoApproveBelow: '1000000.00', manualForFirstPayout: false, manualWhenFraudFlags: false },
};

export async function seedPayoutProgram(pool: Pool): Promise<string> {
  const programId = newId('program');
  await pool.query(`INSERT INTO programs (id, slug, name) VALUES ($1, $1, 'Payout bench')`, [programId]);
  await pool.query(`INSERT INTO config_versions (id, program_id, kind, version, document, created_by) VALUES ($1, $2, 'payout', 1, $3, 'bench')`, [newId('config'), programId, JSON.stringify(BENCH_POLICY)]);
  return programId;
}

export async function seedPayees(pool: Pool, programId: string, count: number, perPartner: number): Promise<void> {
  const earnedAt = new Date(Date.now() - 2 * 86_400_000);
  for (let from = 0; from < count; from += 2_000) {
    const ids = Array.from({ length: Math.min(2_000, count - from) }, () => newId('partner'));
    await pool.query(
      `INSERT INTO partners (id, program_id, email, name, country, audience_size, type, stage, workflow_id, updated_at)
       SELECT id, $2, id || '@bench.test', 'Bench', 'DE', 1000, 'content', 'ACTIVE', 'partner-' || id, now() FROM unnest($1::text[]) AS id`,
      [ids, programId],
    );
    await pool.query(
      `INSERT INTO tax_profiles (partner_id, form_type, us_person, legal_name, country, address, fields, signature_name, signed_at, updated_at)
       SELECT id, 'w8ben', false, 'Bench', 'DE', '{}', '{}', 'Bench', '2026-01-10T00:00:00Z', now() FROM unnest($1::text[]) AS id`,
      [ids],
    );
    await pool.query(
      `INSERT INTO payout_methods (partner_id, type, details, changed_at)
       SELECT id, 'stripe', '{"accountId":"acct_bench000000"}', '2025-01-01T00:00:00Z' FROM unnest($1::text[]) AS id`,
      [ids],
    );
    const commissions = ids.flatMap((partnerId) => Array.from({ length: perPartner }, () => ({ id: newId('commission'), partnerId })));
    await pool.query(
      `INSERT INTO commissions (id, program_id, partner_id, conversion_id, rule_id, kind, amount_minor, currency, original_amount_minor, original_currency, explanation, status, hold_until, approved_at)
       SELECT id, $3, partner, 'cnv_' || id, 'sale-revshare', 'percentage', 1000, 'EUR', 1000, 'EUR', '{}', 'approved', $4, $4
       FROM unnest($1::text[], $2::text[]) AS c(id, partner)`,
      [commissions.map((c) => c.id), commissions.map((c) => c.partnerId), programId, earnedAt],
    );
    for (const [account, sign, key] of [['pending', 1, 'created'], ['pending', -1, 'out'], ['approved', 1, 'in']] as const) {
      await pool.query(
        `INSERT INTO ledger_entries (id, program_id, partner_id, commission_id, kind, account, amount_minor, currency, idempotency_key, created_at)
         SELECT 'led_' || $5 || '_' || id, $3, partner, id, $6::"LedgerEntryKind", $4::"LedgerAccount", $7::bigint, 'EUR', id || ':' || $5, $8
         FROM unnest($1::text[], $2::text[]) AS c(id, partner)`,
        [commissions.map((c) => c.id), commissions.map((c) => c.partnerId), programId, account, key, key === 'created' ? 'commission_created' : 'commission_approved', 1000 * sign, earnedAt],
      );
    }
  }
}
