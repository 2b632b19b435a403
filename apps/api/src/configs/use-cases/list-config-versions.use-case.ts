import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type ConfigDocumentKind } from '@partnerflow/domain';
import { pageOf, type PaginationQuery } from '../../common/http/pagination';
import { ProgramsRepository } from '../../programs/programs.repository';
import { GetProgramUseCase } from '../../programs/use-cases/get-program.use-case';
import { toStoredKind } from '../config-kinds.mapping';
import { configVersionView } from '../config.views';

/** Every version of a program's config, newest first; the cursor is the last version's id. */
@Injectable()
export class ListConfigVersionsUseCase {
  constructor(
    private readonly getProgram: GetProgramUseCase,
    private readonly programs: ProgramsRepository,
  ) {}

  async execute(programRef: string, kind: ConfigDocumentKind, { limit, cursor }: PaginationQuery) {
    const program = await this.getProgram.execute(programRef);
    const storedKind = toStoredKind(kind);
    let belowVersion: number | undefined;
    if (cursor) {
      const after = await this.programs.findConfigVersion(program.id, storedKind, cursor);
      if (!after) {
        throw new DomainError(ErrorCode.VALIDATION_FAILED, 'the cursor is not a version of this config', [
          { path: 'cursor', message: 'unknown cursor' },
        ]);
      }
      belowVersion = after.version;
    }
    const page = pageOf(await this.programs.listConfigVersions(program.id, storedKind, limit, belowVersion), limit);
    return { items: page.items.map(configVersionView), nextCursor: page.nextCursor };
  }
}
