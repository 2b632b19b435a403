import type { ConversionType, PrismaClient } from '@partnerflow/db';
import { DEFAULT_COMMISSION_PLAN, DEFAULT_HOLD_CONFIG, newId, type CommissionPlanInput, type HoldConfigInput } from '@partnerflow/domain';

/**
 * Shared by the commission activity specs (medium tests against PostgreSQL): a program with its
 * commission plan and hold config, partners, and conversions credited to them as the api stores
 * them. Never used by running code.
 */

export interface ProgramSetup {
  plan?: CommissionPlanInput;
  hold?: HoldConfigInput;
  reviewerEmails?: string[];
}

export async function seedProgram(prisma: PrismaClient, setup: ProgramSetup = {}): Promise<string> {
  const programId = newId('program');
  await prisma.program.create({ data: { id: programId, slug: programId, name: 'Acme' } });
  const version = (kind: 'commission_plan' | 'hold' | 'screening', document: object) =>
    prisma.configVersion.create({ data: { id: newId('config'), programId, kind, version: 1, document, createdBy: 'test' } });
  await version('commission_plan', setup.plan ?? DEFAULT_COMMISSION_PLAN);
  await version('hold', setup.hold ?? DEFAULT_HOLD_CONFIG);
  if (setup.reviewerEmails) await version('screening', { rules: [], review: { reviewerEmails: setup.reviewerEmails } });
  return programId;
}

export async function seedPartner(prisma: PrismaClient, programId: string): Promise<string> {
  const partnerId = newId('partner');
  await prisma.partner.create({
    data: {
      id: partnerId, programId, email: `${partnerId}@example.com`, name: 'Grace', country: 'US',
      audienceSize: 5000, type: 'content', stage: 'ACTIVE', workflowId: `partner-${partnerId}`,
    },
  });
  return partnerId;
}

export interface ConversionSeed {
  programId: string;
  /** Credited partners and their ppm shares (default: one partner with all of it). */
  shares: { partnerId: string; sharePpm?: number }[];
  type?: ConversionType;
  amountMinor?: bigint | null;
  currency?: string | null;
  occurredAt?: Date;
  flagged?: boolean;
  refersToId?: string;
  customerId?: string;
  receivedAt?: Date;
}

/** A conversion with its shares; share amounts split the amount by ppm (the last one takes the rest). */
export async function seedConversion(prisma: PrismaClient, seed: ConversionSeed): Promise<string> {
  const id = newId('conversion');
  const amountMinor = seed.amountMinor === undefined ? 10_000n : seed.amountMinor;
  const ppms = seed.shares.map((share) => share.sharePpm ?? Math.floor(1_000_000 / seed.shares.length));
  let left = amountMinor;
  const shares = seed.shares.map((share, index) => {
    const last = index === seed.shares.length - 1;
    const part = amountMinor === null ? null : last ? left! : (amountMinor * BigInt(ppms[index])) / 1_000_000n;
    if (part !== null) left = left! - part;
    return { touchId: newId('click'), touchKind: 'click' as const, partnerId: share.partnerId, sharePpm: ppms[index], amountMinor: part };
  });
  await prisma.conversion.create({
    data: {
      id,
      programId: seed.programId,
      type: seed.type ?? 'sale',
      externalId: id,
      source: 'event',
      occurredAt: seed.occurredAt ?? new Date('2026-03-10T12:00:00.000Z'),
      ...(seed.receivedAt ? { receivedAt: seed.receivedAt } : {}),
      amountMinor,
      currency: amountMinor === null ? null : seed.currency === undefined ? 'EUR' : seed.currency,
      refersToId: seed.refersToId ?? null,
      customerId: seed.customerId ?? null,
      partnerId: seed.shares[0]?.partnerId ?? null,
      attributionOutcome: seed.refersToId ? 'inherited' : 'attributed',
      attribution: {},
      flagged: seed.flagged ?? false,
      fraudFlags: seed.flagged ? [{ code: 'fast_conversion', message: 'converted 3 s after the click', evidence: { seconds: 3 } }] : [],
      commissionStatus: 'pending',
      shares: { create: shares },
    },
  });
  return id;
}

/** Sum of the partner's ledger entries per account, as text (bigint does not survive toEqual nicely in messages). */
export async function balances(prisma: PrismaClient, partnerId: string): Promise<Record<string, string>> {
  const entries = await prisma.ledgerEntry.findMany({ where: { partnerId } });
  const sums: Record<string, bigint> = {};
  for (const entry of entries) sums[entry.account] = (sums[entry.account] ?? 0n) + entry.amountMinor;
  return Object.fromEntries(Object.entries(sums).map(([account, sum]) => [account, sum.toString()]));
}
