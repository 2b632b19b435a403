import { Injectable } from '@nestjs/common';
import { pageOf, type PaginationQuery } from '../../common/http/pagination';
import { programView } from '../program.views';
import { ProgramsRepository } from '../programs.repository';

/** Every program, oldest first. */
@Injectable()
export class ListProgramsUseCase {
  constructor(private readonly programs: ProgramsRepository) {}

  async execute({ limit, cursor }: PaginationQuery) {
    const page = pageOf(await this.programs.list(limit, cursor), limit);
    return { items: page.items.map(programView), nextCursor: page.nextCursor };
  }
}
