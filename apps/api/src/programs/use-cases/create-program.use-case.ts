import { Injectable } from '@nestjs/common';
import type { Program } from '@partnerflow/db';
import { DomainError, ErrorCode } from '@partnerflow/domain';
import { DuplicateSlugError, ProgramsRepository, type OperatorAction } from '../programs.repository';

/** An operator opens a new program; it accepts applications once it has a screening config. */
@Injectable()
export class CreateProgramUseCase {
  constructor(private readonly programs: ProgramsRepository) {}

  async execute(program: { slug: string; name: string }, action: OperatorAction): Promise<Program> {
    try {
      return await this.programs.create(program, action);
    } catch (error) {
      if (!(error instanceof DuplicateSlugError)) throw error;
      throw new DomainError(ErrorCode.CONFLICT, `a program with the slug ${program.slug} already exists`, [
        { path: 'slug', message: 'is already taken' },
      ]);
    }
  }
}
