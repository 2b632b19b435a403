import { Injectable } from '@nestjs/common';
import type { ConfigVersion } from '@partnerflow/db';
import { DomainError, ErrorCode, type ConfigDocumentKind } from '@partnerflow/domain';
import { ProgramsRepository } from '../../programs/programs.repository';
import { GetProgramUseCase } from '../../programs/use-cases/get-program.use-case';
import { toStoredKind } from '../config-kinds.mapping';

/** The version of a program's config that new workflows start with: the highest one. */
@Injectable()
export class GetCurrentConfigUseCase {
  constructor(
    private readonly getProgram: GetProgramUseCase,
    private readonly programs: ProgramsRepository,
  ) {}

  async execute(programRef: string, kind: ConfigDocumentKind): Promise<ConfigVersion> {
    const program = await this.getProgram.execute(programRef);
    const current = await this.programs.currentConfig(program.id, toStoredKind(kind));
    if (!current) throw new DomainError(ErrorCode.NOT_FOUND, `program ${program.slug} has no ${kind} config yet`);
    return current;
  }
}
