import fc from 'fast-check';
import { createPrismaClient, type LedgerEntry, type PrismaClient } from '@partnerflow/db';
import { CommissionsRepository } from '../../apps/api/src/commissions/commissions.repository';
import { ReconcileLedgerUseCase } from '../../apps/api/src/commissions/use-cases/reconcile-ledger.use-case';
import { ProgramsRepository } from '../../apps/api/src/programs/programs.repository';
import { GetProgramUseCase } from '../../apps/api/src/programs/use-cases/get-program.use-case';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';
import { halfEven, LedgerSequence, type Step } from './ledger-sequence.fixtures';

/**
 * Property test of the ledger against real PostgreSQL: generated sequences of sales (EUR, USD at
 * the FX rate of the day, GBP without a rate), signups, partial and full refunds and chargebacks
 * (before and after release and payout), releases after holds, review decisions, plan and FX rate
 * changes, payouts, and repeated deliveries of all of them, each run through the real recording,
 * release, review and payout activities. After every step the invariants hold; after each
 * sequence the reconciliation check (GET /v1/programs/:id/reconciliation) finds no difference.
 */

/** true about one time in `n`. */
const oneIn = (n: number) => fc.integer({ min: 1, max: n }).map((draw) => draw === 1);
const kind = <K extends Step['kind']>(name: K) => fc.constant(name);

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: kind('sale'),
      who: fc.constantFrom(0 as const, 1 as const, 2 as const),
      amountMinor: fc.bigInt({ min: 1n, max: 250_000n }),
      currency: fc.constantFrom<('EUR' | 'USD' | 'GBP')[]>('EUR', 'EUR', 'EUR', 'EUR', 'USD', 'USD', 'GBP'),
      flagged: oneIn(5),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: kind('signup'), who: fc.constantFrom(0 as const, 1 as const) }) },
  {
    weight: 4,
    arbitrary: fc.record({ kind: kind('refund'), target: fc.nat(), perMille: fc.oneof(fc.constant(1000), fc.integer({ min: 1, max: 999 })), chargeback: oneIn(4) }),
  },
  { weight: 4, arbitrary: fc.record({ kind: kind('release'), days: fc.oneof(fc.constant(15), fc.integer({ min: 0, max: 20 })) }) },
  { weight: 1, arbitrary: fc.record({ kind: kind('review'), target: fc.nat(), approve: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: kind('redeliver'), target: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: kind('planChange'), rate: fc.constantFrom('5', '10', '12.5', '33.3333') }) },
  { weight: 1, arbitrary: fc.record({ kind: kind('fxChange'), rate: fc.constantFrom('0.8', '0.9234', '1.0871') }) },
  { weight: 3, arbitrary: fc.record({ kind: kind('payout') }) },
);

/** Sequences always run besides the generated ones: refunds after payout (negative carry-over), a reviewed sale paid then charged back. */
const EXAMPLES: [Step[]][] = [
  [[
    { kind: 'sale', who: 2, amountMinor: 10_001n, currency: 'EUR', flagged: false },
    { kind: 'release', days: 15 },
    { kind: 'payout' },
    { kind: 'refund', target: 0, perMille: 1000, chargeback: false },
    { kind: 'sale', who: 0, amountMinor: 2_500n, currency: 'USD', flagged: false },
    { kind: 'release', days: 15 },
    { kind: 'payout' },
    { kind: 'redeliver', target: 1 },
  ]],
  [[
    { kind: 'sale', who: 1, amountMinor: 33_333n, currency: 'EUR', flagged: true },
    { kind: 'review', target: 0, approve: true },
    { kind: 'payout' },
    { kind: 'refund', target: 0, perMille: 333, chargeback: true },
    { kind: 'refund', target: 0, perMille: 1000, chargeback: false },
    { kind: 'payout' },
  ]],
];

const entryText = (entry: LedgerEntry) => JSON.stringify(entry, (_, value) => (typeof value === 'bigint' ? value.toString() : value));
const sum = (values: bigint[]) => values.reduce((total, value) => total + value, 0n);

describe('the ledger under generated event sequences (property, real PostgreSQL)', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let reconcile: ReconcileLedgerUseCase;

  beforeAll(async () => {
    db = await createTestDatabase('ledger_properties');
    prisma = createPrismaClient(db.url, 4);
    reconcile = new ReconcileLedgerUseCase(new GetProgramUseCase(new ProgramsRepository(prisma)), new CommissionsRepository(prisma));
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  /** Every entry seen so far stays exactly as it was: nothing is updated or deleted. */
  function checkAppendOnly(entries: LedgerEntry[], seen: Map<string, string>): void {
    const now = new Map(entries.map((entry) => [entry.id, entryText(entry)]));
    for (const [id, text] of seen) expect(now.get(id)).toBe(text);
    for (const [id, text] of now) seen.set(id, text);
  }

  /** Balances are projections of the commissions; the oracle's amounts and reversals; no money out of nowhere. */
  async function checkProjections(sequence: LedgerSequence, entries: LedgerEntry[]): Promise<void> {
    const { programId } = sequence;
    const [commissions, paidPayouts, unpricedRecords] = await Promise.all([
      prisma.commission.findMany({ where: { programId } }),
      prisma.payout.findMany({ where: { programId, status: 'paid' } }),
      prisma.unpricedConversion.count({ where: { programId } }),
    ]);
    for (const partnerId of sequence.partners) {
      const own = commissions.filter((c) => c.partnerId === partnerId);
      const account = (name: string) => sum(entries.filter((e) => e.partnerId === partnerId && e.account === name).map((e) => e.amountMinor));
      const remaining = (statuses: string[]) => sum(own.filter((c) => statuses.includes(c.status)).map((c) => c.amountMinor - c.reversedMinor));
      expect({ partnerId, pending: account('pending') }).toEqual({ partnerId, pending: remaining(['pending']) });
      expect({ partnerId, approvedAndPaid: account('approved') + account('paid') }).toEqual({ partnerId, approvedAndPaid: remaining(['approved', 'paid']) });
      expect(account('paid')).toBe(sum(paidPayouts.filter((p) => p.partnerId === partnerId).map((p) => p.amountMinor)));
      // A negative approved balance comes only from reversals of commissions already paid out.
      expect(account('approved') >= (sequence.afterPayout.get(partnerId) ?? 0n)).toBe(true);
    }
    const expected = sequence.conversions.flatMap((conversion) =>
      conversion.credits.filter((credit) => credit.expectedMinor !== 0n).map((credit) => ({ conversion, credit })),
    );
    expect(commissions.map((c) => `${c.conversionId}/${c.partnerId}`).sort()).toEqual(expected.map(({ conversion, credit }) => `${conversion.id}/${credit.partnerId}`).sort());
    for (const { conversion, credit } of expected) {
      const commission = commissions.find((c) => c.conversionId === conversion.id && c.partnerId === credit.partnerId)!;
      const original = conversion.amountMinor ?? 0n;
      const refunded = credit.refundedMinor < original ? credit.refundedMinor : original;
      // Cumulative pro rata at the rate applied, rounded once half-even; with no amount to pro-rate, any refund takes it all.
      const reversed = original === 0n ? (credit.refunds > 0 ? commission.amountMinor : 0n) : halfEven(commission.amountMinor * refunded, original);
      expect({ id: commission.id, amount: commission.amountMinor, reversed: commission.reversedMinor }).toEqual({ id: commission.id, amount: credit.expectedMinor, reversed });
      expect(commission.reversedMinor >= 0n && commission.reversedMinor <= commission.amountMinor).toBe(true);
    }
    for (const entry of entries.filter((e) => e.kind === 'commission_reversed')) expect(entry.reversesEntryId).not.toBeNull();
    // A GBP sale has no rate: no commission, and one unpriced record per credited partner saying why.
    const unpriced = sequence.conversions.filter((conversion) => conversion.unpriced);
    expect(unpricedRecords).toBe(unpriced.reduce((n, c) => n + c.credits.length, 0));
  }

  it('keeps every invariant, and reconciles with no difference', async () => {
    let sequences = 0;
    let steps = 0;
    const seenFacts = { commissions: 0, reversals: 0, reversalsAfterPayout: 0, negativeApproved: 0, paidPayouts: 0, rejected: 0, unpriced: 0, usd: 0 };
    /** What the sequences exercised, so a passing run is known not to be vacuous. */
    async function tally(sequence: LedgerSequence): Promise<void> {
      const { programId } = sequence;
      seenFacts.commissions += await prisma.commission.count({ where: { programId } });
      seenFacts.usd += await prisma.commission.count({ where: { programId, originalCurrency: 'USD' } });
      seenFacts.rejected += await prisma.commission.count({ where: { programId, status: 'rejected' } });
      seenFacts.reversals += await prisma.ledgerEntry.count({ where: { programId, kind: 'commission_reversed' } });
      seenFacts.paidPayouts += await prisma.payout.count({ where: { programId, status: 'paid' } });
      seenFacts.unpriced += await prisma.unpricedConversion.count({ where: { programId } });
      seenFacts.reversalsAfterPayout += [...sequence.afterPayout.values()].filter((value) => value < 0n).length;
      const approved = await prisma.ledgerEntry.groupBy({ by: ['partnerId'], where: { programId, account: 'approved' }, _sum: { amountMinor: true } });
      seenFacts.negativeApproved += approved.filter((row) => (row._sum.amountMinor ?? 0n) < 0n).length;
    }
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (generated) => {
        const sequence = new LedgerSequence(prisma);
        await sequence.setUp();
        const seen = new Map<string, string>();
        for (const next of generated) {
          await sequence.apply(next);
          expect(sequence.replayViolations).toEqual([]);
          const entries = await prisma.ledgerEntry.findMany({ where: { programId: sequence.programId } });
          checkAppendOnly(entries, seen);
          await checkProjections(sequence, entries);
        }
        await tally(sequence);
        const report = await reconcile.execute(sequence.programId);
        expect(report).toMatchObject({ balanced: true, differences: [], orphanEntries: 0 });
        sequences += 1;
        steps += generated.length;
      }),
      { numRuns: 25, examples: EXAMPLES },
    );
    // What ran, for the record (the counts include shrinking runs when a property failed).
    console.info(`ledger properties: ${sequences} sequences, ${steps} steps; seen: ${JSON.stringify(seenFacts)}`);
  }, 300_000);
});
