import { Injectable } from '@nestjs/common';
import { pageOf } from '../../common/http/pagination';
import { GetProgramUseCase } from '../../programs/use-cases/get-program.use-case';
import { creativeView } from '../creative.views';
import { CreativesRepository } from '../creatives.repository';
import type { CreativeListQuery } from '../creatives.schemas';

/** The program's creatives for operators, newest first, optionally of one status. */
@Injectable()
export class ListCreativesUseCase {
  constructor(
    private readonly programs: GetProgramUseCase,
    private readonly creatives: CreativesRepository,
  ) {}

  async execute(programRef: string, query: CreativeListQuery) {
    const program = await this.programs.execute(programRef);
    const page = pageOf(await this.creatives.list(program.id, query), query.limit);
    return { items: page.items.map(creativeView), nextCursor: page.nextCursor };
  }
}
