import { Inject, Injectable } from '@nestjs/common';
import {
  Prisma,
  type ConfigApplyTo,
  type ConfigKind,
  type ConfigVersion,
  type PrismaClient,
  type Program,
} from '@partnerflow/db';
import { recordDomainEvents } from '@partnerflow/activities';
import { newId, type DomainEventInput } from '@partnerflow/domain';
import { auditEntryOf, type OperatorAction } from '../audit/audit-entry';
import { PRISMA } from '../common/tokens';

/** Who changed something, for the audit log. */
export type { OperatorAction } from '../audit/audit-entry';

export interface NewConfigVersion {
  programId: string;
  kind: ConfigKind;
  /** A validated config document: JSON values only. */
  document: Record<string, unknown>;
  applyTo: ConfigApplyTo;
  /** What the audit entry records besides the version (the kind as the API names it). */
  auditAfter: Prisma.InputJsonObject;
  /** Domain events the new version causes (commission_plan.updated), recorded in its transaction. */
  events?: (created: ConfigVersion) => DomainEventInput[];
}

/** The stored version and the ids of the events recorded with it, to dispatch after the commit. */
export interface CreatedConfigVersion {
  version: ConfigVersion;
  eventIds: string[];
}

export class DuplicateSlugError extends Error {}

/** The only path to Prisma for programs and their configuration versions. */
@Injectable()
export class ProgramsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** `:programId` accepts the id or the slug (API.md). */
  findByIdOrSlug(idOrSlug: string): Promise<Program | null> {
    return this.prisma.program.findFirst({ where: { OR: [{ id: idOrSlug }, { slug: idOrSlug }] } });
  }

  /** Oldest first (ids sort by creation time). */
  list(limit: number, cursor?: string): Promise<Program[]> {
    return this.prisma.program.findMany({
      where: cursor ? { id: { gt: cursor } } : {},
      orderBy: { id: 'asc' },
      take: limit + 1,
    });
  }

  /** Stores the program with its audit entry; a taken slug throws DuplicateSlugError. */
  async create(program: { slug: string; name: string }, action: OperatorAction): Promise<Program> {
    try {
      return await this.prisma.$transaction(async (tx) => {
        const created = await tx.program.create({ data: { id: newId('program'), ...program } });
        await tx.auditEntry.create({
          data: auditEntryOf(action, { action: 'program.created', targetType: 'program', targetId: created.id, after: { slug: created.slug, name: created.name } }),
        });
        return created;
      });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        throw new DuplicateSlugError();
      }
      throw error;
    }
  }

  /** Replaces the program's postback secret; the audit entry records the rotation, never the secret. */
  async setPostbackSecret(programId: string, secret: string, action: OperatorAction): Promise<void> {
    await this.prisma.$transaction([
      this.prisma.program.update({ where: { id: programId }, data: { postbackSecret: secret } }),
      this.prisma.auditEntry.create({ data: auditEntryOf(action, { action: 'program.postback_secret_rotated', targetType: 'program', targetId: programId, after: {} }) }),
    ]);
  }

  currentConfig(programId: string, kind: ConfigKind): Promise<ConfigVersion | null> {
    return this.prisma.configVersion.findFirst({
      where: { programId, kind },
      orderBy: { version: 'desc' },
    });
  }

  /**
   * Appends the next version of a program's config, with its audit entry. The program row is
   * locked first, so concurrent saves queue up and each gets its own next number instead of
   * colliding on the (program, kind, version) key. Its events go to the outbox in the same
   * transaction: they exist exactly when the version does.
   */
  async createConfigVersion(input: NewConfigVersion, action: OperatorAction): Promise<CreatedConfigVersion> {
    return this.prisma.$transaction(async (tx) => {
      // NO KEY UPDATE serialises config saves but not the key-share locks of inserted partners.
      await tx.$queryRaw`SELECT id FROM programs WHERE id = ${input.programId} FOR NO KEY UPDATE`;
      const latest = await tx.configVersion.aggregate({
        where: { programId: input.programId, kind: input.kind },
        _max: { version: true },
      });
      const version = (latest._max.version ?? 0) + 1;
      const created = await tx.configVersion.create({
        data: {
          id: newId('config'),
          programId: input.programId,
          kind: input.kind,
          version,
          document: input.document as Prisma.InputJsonObject,
          applyTo: input.applyTo,
          createdBy: action.operatorKeyId,
        },
      });
      await tx.auditEntry.create({
        data: auditEntryOf(action, { action: 'config.version_created', targetType: 'config', targetId: created.id, after: { ...input.auditAfter, version } }),
      });
      const eventIds = input.events ? await recordDomainEvents(tx, input.events(created)) : [];
      return { version: created, eventIds };
    });
  }

  findConfigVersion(programId: string, kind: ConfigKind, id: string): Promise<ConfigVersion | null> {
    return this.prisma.configVersion.findFirst({ where: { id, programId, kind } });
  }

  /** Newest first; `belowVersion` continues a page. */
  listConfigVersions(programId: string, kind: ConfigKind, limit: number, belowVersion?: number): Promise<ConfigVersion[]> {
    return this.prisma.configVersion.findMany({
      where: { programId, kind, ...(belowVersion === undefined ? {} : { version: { lt: belowVersion } }) },
      orderBy: { version: 'desc' },
      take: limit + 1,
    });
  }
}
