import { Inject, Injectable } from '@nestjs/common';
import type { ConfigKind, ConfigVersion, PrismaClient, Program } from '@partnerflow/db';
import { PRISMA } from '../common/tokens';

/** The only path to Prisma for programs and their configuration versions. */
@Injectable()
export class ProgramsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** `:programId` accepts the id or the slug (API.md). */
  findByIdOrSlug(idOrSlug: string): Promise<Program | null> {
    return this.prisma.program.findFirst({ where: { OR: [{ id: idOrSlug }, { slug: idOrSlug }] } });
  }

  currentConfig(programId: string, kind: ConfigKind): Promise<ConfigVersion | null> {
    return this.prisma.configVersion.findFirst({
      where: { programId, kind },
      orderBy: { version: 'desc' },
    });
  }
}
