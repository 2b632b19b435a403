import { Injectable } from '@nestjs/common';
import type { Program } from '@partnerflow/db';
import { DomainError, ErrorCode } from '@partnerflow/domain';
import { ProgramsRepository } from '../programs.repository';

@Injectable()
export class GetProgramUseCase {
  constructor(private readonly programs: ProgramsRepository) {}

  /** By id or slug; 404 when neither matches. */
  async execute(programRef: string): Promise<Program> {
    const program = await this.programs.findByIdOrSlug(programRef);
    if (!program) throw new DomainError(ErrorCode.NOT_FOUND, `program ${programRef} does not exist`);
    return program;
  }
}
