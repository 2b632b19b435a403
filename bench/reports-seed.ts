import type { Pool } from 'pg';

/**
 * A year of one busy program, written by generate_series in a few statements: PARTNERS partners
 * approved over the year (audit entries), a link each, CLICKS clicks (one in ten a bot), and
 * CONVERSIONS conversions credited to a click — per 20: 15 sales, 2 leads, a recurring renewal,
 * a signup and a refund of the sale before it — each with its share, its attribution candidates
 * (every third with an earlier touch of another partner), 10% commissions with their ledger
 * entries (created, approved), and monthly payouts paying the approvals.
 */
export async function seedBusyProgram(pool: Pool, sizes: { partners: number; clicks: number; conversions: number }, start: Date): Promise<string> {
  const programId = 'prg_bench';
  const day = `interval '1 day'`;
  const at = (expr: string) => `'${start.toISOString()}'::timestamptz + (${expr}) * ${day}`;
  const statements = [
    `INSERT INTO programs (id, slug, name) VALUES ('${programId}', 'bench', 'Bench')`,
    `INSERT INTO config_versions (id, program_id, kind, version, document, created_by)
       VALUES ('cfg_bench', '${programId}', 'commission_plan', 1, '{"currency":"EUR","rules":[]}', 'bench')`,
    `INSERT INTO partners (id, program_id, email, name, country, audience_size, type, stage, workflow_id, updated_at)
       SELECT 'ptn_' || i, '${programId}', 'p' || i || '@example.com', 'Partner ' || i, (ARRAY['DE','FR','GB','US'])[1 + i % 4], 1000,
              (ARRAY['content','coupon','influencer','agency','ib','other'])[1 + i % 6]::"PartnerType", 'PRODUCING', 'partner-ptn_' || i, now()
       FROM generate_series(1, ${sizes.partners}) i`,
    `INSERT INTO audit_log (id, at, actor_type, actor_id, action, target_type, target_id, before, after)
       SELECT 'aud_' || i || '_' || s, ${at(`(i * 300.0 / ${sizes.partners}) + s * 5`)}, 'system', 'bench', 'partner.stage_changed', 'partner', 'ptn_' || i,
              '{}'::jsonb, jsonb_build_object('stage', (ARRAY['ACTIVE','PRODUCING'])[s + 1])
       FROM generate_series(1, ${sizes.partners}) i, generate_series(0, 1) s`,
    `INSERT INTO links (id, slug, program_id, partner_id, destination) SELECT 'lnk_' || i, 'bench' || i, '${programId}', 'ptn_' || i, 'https://example.com/'
       FROM generate_series(1, ${sizes.partners}) i`,
    `INSERT INTO clicks (id, at, link_id, partner_id, program_id, is_bot, creditable)
       SELECT 'clk_' || i, ${at(`(i * 360.0 / ${sizes.clicks})`)}, 'lnk_' || (1 + i % ${sizes.partners}), 'ptn_' || (1 + i % ${sizes.partners}), '${programId}', i % 10 = 0, i % 10 <> 0
       FROM generate_series(1, ${sizes.clicks}) i`,
    `INSERT INTO conversions (id, program_id, type, external_id, source, occurred_at, click_id, customer_id, amount_minor, currency, refers_to_id,
                              partner_id, attribution_outcome, attribution, commission_status)
       SELECT 'cnv_' || i, '${programId}', t.type::"ConversionType", 'ext-' || i, 'event', ${at(`(i * 360.0 / ${sizes.conversions})`)}, 'clk_' || i,
              'cust-' || (i % 5000), CASE WHEN t.type = 'refund' THEN -500 WHEN t.type IN ('lead', 'signup') THEN NULL ELSE 1000 + i % 9000 END,
              CASE WHEN t.type IN ('lead', 'signup') THEN NULL ELSE 'EUR' END, CASE WHEN t.type = 'refund' THEN 'cnv_' || (i - 1) END,
              'ptn_' || (1 + i % ${sizes.partners}),
              (CASE WHEN t.type = 'refund' THEN 'inherited' WHEN t.type = 'renewal' THEN 'recurring' ELSE 'attributed' END)::"AttributionOutcome",
              jsonb_build_object('candidates', CASE WHEN i % 3 = 0
                THEN jsonb_build_array(jsonb_build_object('partnerId', 'ptn_' || (1 + (i + 7) % ${sizes.partners}), 'counted', true),
                                       jsonb_build_object('partnerId', 'ptn_' || (1 + i % ${sizes.partners}), 'counted', true))
                ELSE jsonb_build_array(jsonb_build_object('partnerId', 'ptn_' || (1 + i % ${sizes.partners}), 'counted', true)) END),
              'processed'
       FROM generate_series(1, ${sizes.conversions}) i
       CROSS JOIN LATERAL (SELECT CASE WHEN i % 20 = 0 THEN 'refund' WHEN i % 20 IN (16, 17) THEN 'lead' WHEN i % 20 = 18 THEN 'renewal'
                                       WHEN i % 20 = 19 THEN 'signup' ELSE 'sale' END AS type) t`,
    `INSERT INTO conversion_shares (conversion_id, touch_id, touch_kind, partner_id, share_ppm, amount_minor)
       SELECT id, click_id, 'click', partner_id, 1000000, amount_minor FROM conversions WHERE program_id = '${programId}'`,
    `INSERT INTO commissions (id, program_id, partner_id, conversion_id, rule_id, kind, amount_minor, currency, original_amount_minor, original_currency,
                              explanation, status, hold_until, created_at, approved_at)
       SELECT 'com_' || v.id, v.program_id, v.partner_id, v.id, 'sale-revshare', 'percentage', v.amount_minor / 10, 'EUR', v.amount_minor / 10, 'EUR',
              '{}', 'approved', v.occurred_at + interval '30 days', v.occurred_at, v.occurred_at + interval '30 days'
       FROM conversions v WHERE v.program_id = '${programId}' AND v.type IN ('sale', 'renewal')`,
    `INSERT INTO ledger_entries (id, program_id, partner_id, commission_id, kind, account, amount_minor, currency, idempotency_key, created_at)
       SELECT 'led_' || c.id || '_' || e.n, c.program_id, c.partner_id, c.id, e.kind::"LedgerEntryKind", e.account::"LedgerAccount",
              c.amount_minor * e.sign, 'EUR', c.id || ':' || e.n, c.created_at + e.n * interval '15 days'
       FROM commissions c CROSS JOIN (VALUES (0, 'commission_created', 'pending', 1), (1, 'commission_approved', 'pending', -1), (2, 'commission_approved', 'approved', 1)) e(n, kind, account, sign)
       WHERE c.program_id = '${programId}'`,
    `INSERT INTO payout_runs (id, program_id, period_end, cutoff_at, currency, policy_version, status, trigger)
       SELECT 'run_' || m, '${programId}', (${at('m * 30')})::date, ${at('m * 30')}, 'EUR', 1, 'completed', 'schedule' FROM generate_series(1, 11) m`,
    `INSERT INTO payouts (id, run_id, program_id, partner_id, amount_minor, currency, status, gates, paid_at, updated_at)
       SELECT 'pay_' || m || '_' || p.id, 'run_' || m, '${programId}', p.id, 0, 'EUR', 'paid', '{}', ${at('m * 30 + 3')}, now()
       FROM generate_series(1, 11) m, partners p WHERE p.program_id = '${programId}'`,
    `INSERT INTO payout_items (payout_id, ledger_entry_id, amount_minor)
       SELECT 'pay_' || (1 + floor(extract(epoch FROM e.created_at - '${start.toISOString()}'::timestamptz) / 86400 / 30))::int || '_' || e.partner_id, e.id, e.amount_minor
       FROM ledger_entries e WHERE e.program_id = '${programId}' AND e.kind = 'commission_approved' AND e.account = 'approved'
         AND e.created_at < ${at('330')}`,
  ];
  for (const statement of statements) await pool.query(statement);
  await pool.query('ANALYZE');
  return programId;
}
