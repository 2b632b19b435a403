import { Client } from 'pg';
import { newId } from '@partnerflow/domain';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { ingestionFactsStatement, type FactsQuestion } from './conversion-facts.sql';
import { ConversionStore, PLAN_SETTINGS } from './conversion-store';

const VISITORS = 2_000;
const SHARED_IP_VISITORS = 3;
const HOUR = 3_600_000;

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  'Shared Hit Blocks'?: number;
  Plans?: PlanNode[];
}

const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

/**
 * Medium test against PostgreSQL: the ingestion facts read as ConversionStore runs it — a generic
 * plan, made once per connection — must look each report's facts up by key whatever the
 * statistics say. Seeded like a busy program: one program holding nearly every click and
 * conversion of the last day, each visitor with a few. Generic plans costed for 100 reports used
 * to hash-join every click of the table and count a device's conversions by walking the
 * program's (program_id, occurred_at) index, so a batch read grew with the program's volume.
 */
describe('ingestion facts read: plan', () => {
  let db: TestDatabase;
  let client: Client;
  const programId = newId('program');
  const otherProgramId = newId('program');
  const visitors = Array.from({ length: VISITORS }, () => newId('visitor'));
  const clickIds = visitors.map(() => newId('click'));
  const sharedIpHash = 'iphash-shared';

  beforeAll(async () => {
    db = await createTestDatabase('facts_plan');
    client = new Client({ connectionString: db.url, options: PLAN_SETTINGS });
    await client.connect();
    const partnerId = newId('partner');
    const linkId = newId('link');
    for (const [id, slug] of [[programId, 'busy'], [otherProgramId, 'other']]) {
      await client.query(`INSERT INTO programs (id, slug, name) VALUES ($1, $2, $2)`, [id, slug]);
    }
    await client.query(
      `INSERT INTO partners (id, program_id, email, name, country, audience_size, type, stage, workflow_id, updated_at)
       VALUES ($1, $2, 'p@example.com', 'P', 'DE', 1, 'content', 'ACTIVE', 'partner-p', now())`,
      [partnerId, programId],
    );
    await client.query(`INSERT INTO links (id, slug, program_id, partner_id, destination) VALUES ($1, 'busy', $2, $3, 'https://example.com/')`, [linkId, programId, partnerId]);
    await client.query(
      `INSERT INTO clicks (id, at, link_id, partner_id, program_id, is_bot, creditable, visitor_id)
       SELECT c, now() - interval '1 hour', $2, $3, $4, false, true, v FROM unnest($1::text[], $5::text[]) AS u(c, v)`,
      [clickIds, linkId, partnerId, programId, visitors],
    );
    // Two conversions per visitor in the last day, the first visitors' first from one shared IP;
    // and, in another program, one more of each visitor from the same IP, which the counts leave out.
    await client.query(
      `INSERT INTO conversions (id, program_id, type, external_id, source, occurred_at, visitor_id, ip_hash, amount_minor, currency,
                                attribution_outcome, attribution, commission_status)
       SELECT 'cnv_' || p.program || k || '_' || v, p.program, 'sale', p.program || k || '-' || v, 'postback', now() - (k || ' hours')::interval,
              v, CASE WHEN k = 1 AND v = ANY($5) THEN $3 ELSE 'iphash-' || k || v END, 4999, 'EUR', 'unattributed', '{}', 'not_applicable'
       FROM unnest($1::text[]) AS v, (VALUES ($2::text, 1), ($2, 2), ($4, 1)) AS p(program, k)`,
      [visitors, programId, sharedIpHash, otherProgramId, visitors.slice(0, SHARED_IP_VISITORS)],
    );
    await client.query('ANALYZE');
  }, 120_000);
  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  const questions = (count: number, ipHash: string | null = null): FactsQuestion[] =>
    clickIds.slice(0, count).map((clickId, index) => ({
      programId,
      externalId: `new-${index}`,
      type: 'sale',
      clickId,
      couponKey: null,
      customerId: null,
      refersTo: null,
      clickSince: new Date(Date.now() - 30 * 24 * HOUR),
      clickUntil: new Date(),
      countSince: new Date(Date.now() - 24 * HOUR),
      countUntil: new Date(),
      ipHash,
    }));

  it('reads every report by key in the generic plan: no table walked, a few pages per report', async () => {
    const reports = 10;
    const statement = ingestionFactsStatement(questions(reports, sharedIpHash));
    await client.query(`PREPARE facts AS ${statement.text}`);
    // EXECUTE takes no bind parameters: the values go in as literals (arrays in their text form).
    const literals = statement.values.map((value) => client.escapeLiteral(Array.isArray(value) ? `{${value.join(',')}}` : String(value)));
    const explained = await client.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE facts(${literals.join(', ')})`);
    const plan = explained.rows[0]['QUERY PLAN'][0].Plan as PlanNode;
    const nodes = nodesOf(plan);

    expect(nodes.filter((node) => ['Seq Scan', 'Hash Join', 'Merge Join'].includes(node['Node Type'])).map((node) => `${node['Node Type']} ${node['Relation Name'] ?? ''}`)).toEqual([]);
    expect(nodes.map((node) => node['Index Name']).filter((name) => name === 'clicks_program_id_at_idx' || name === 'conversions_program_id_occurred_at_idx')).toEqual([]);
    // A walk of the program's clicks or day of conversions would read hundreds of pages per batch.
    expect(plan['Shared Hit Blocks']! / reports).toBeLessThan(40);
  });

  it("counts a customer's conversions from its IP and device in the program only", async () => {
    const store = new ConversionStore({ DATABASE_URL: db.url });
    try {
      const [first, second] = await store.facts(questions(2, sharedIpHash));
      // Each visitor: two conversions in this program (one from the shared IP); the other program's are left out.
      expect([first.fromDevice, second.fromDevice]).toEqual([2, 2]);
      expect(first.fromIp).toBe(SHARED_IP_VISITORS);
      expect(first.clicks.map((click) => click.id)).toEqual([clickIds[0]]);
    } finally {
      await store.close();
    }
  });
});
